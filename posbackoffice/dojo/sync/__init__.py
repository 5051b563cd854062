"""What a venue's manager or support needs to see of the exchanges with Dojo: recorded as
they happen (`recording`, `observe`, `middleware`, `bridge_status`), read for the "Dojo
sync" admin page (`selectors`, `admin`) and exported as metrics (`collector`)."""
