"""The demo venue's menu, seeded by `manage.py seed_demo` so that a newcomer can seat a party,
order, split and pay straight away. Like the floor plan's seeding, it creates only what is
missing (by PLU) and leaves a manager's edits as they are."""
from dataclasses import dataclass

from django.db import transaction

from floorplan.models import Venue

from .models import CorrectionGrant, Product, ProductModifier

STANDARD, REDUCED = 2000, 500  # VAT: 20 % on food and alcohol, 5 % on the soft drinks of this demo


@dataclass(frozen=True)
class DemoDish:
    category: str
    plu: str
    name: str
    price: int
    tax_rate: int = STANDARD
    modifiers: tuple[tuple[str, str, int], ...] = ()  # PLU, name, price


MENU = [
    DemoDish("Starters", "SOUP", "Soup of the day", 650),
    DemoDish("Starters", "BURRATA", "Burrata, heritage tomatoes", 950),
    DemoDish("Starters", "CALAMARI", "Crispy calamari", 850, modifiers=(("AIOLI", "Extra aioli", 50),)),
    DemoDish("Mains", "BURGER", "Dry-aged beef burger", 1650,
             modifiers=(("CHEESE", "Cheddar", 150), ("BACON", "Smoked bacon", 200), ("NO-ONION", "No onions", 0))),
    DemoDish("Mains", "RISOTTO", "Wild mushroom risotto", 1450, modifiers=(("TRUFFLE", "Truffle oil", 250),)),
    DemoDish("Mains", "HAKE", "Roast hake, brown shrimp butter", 1950),
    DemoDish("Mains", "STEAK", "Sirloin steak, 250 g", 2800,
             modifiers=(("PEPPER", "Peppercorn sauce", 250), ("BEARNAISE", "Béarnaise", 250))),
    DemoDish("Desserts", "TART", "Chocolate tart", 750, modifiers=(("CREAM", "Clotted cream", 100),)),
    DemoDish("Desserts", "SORBET", "Lemon sorbet", 600),
    DemoDish("Drinks", "LAGER", "Lager, pint", 650),
    DemoDish("Drinks", "WINE-RED", "House red, 175 ml", 800),
    DemoDish("Drinks", "ESPRESSO", "Espresso", 300, REDUCED),
    DemoDish("Drinks", "LEMONADE", "Homemade lemonade", 400, REDUCED),
]


@transaction.atomic
def demo_menu_seed(*, venue: Venue, managers=()) -> int:
    """Add the demo menu's missing dishes to the venue; let its managers void, discount and
    write off. Returns how many dishes the menu has."""
    existing = set(Product.objects.filter(venue=venue).values_list("plu", flat=True))
    for dish in MENU:
        if dish.plu in existing:
            continue
        product = Product.objects.create(
            venue=venue, category=dish.category, plu=dish.plu, name=dish.name, price=dish.price,
            tax_rate=dish.tax_rate,
        )
        for plu, name, price in dish.modifiers:
            ProductModifier.objects.create(product=product, plu=plu, name=name, price=price)
    for user in managers:
        CorrectionGrant.objects.get_or_create(venue=venue, user=user)
    return Product.objects.filter(venue=venue).count()
