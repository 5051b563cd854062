"""The shared kernel: what every domain app and adapter needs and none of them owns.

Domain errors, the actor making a change, change records (the audit trail) and the rule of
which venues a user may see. The kernel imports no domain app; domain apps import it.
"""
