/// The fictional supplier behind the demo: Northwind Field Systems sells
/// monitoring hardware, controllers, software, consumables, maintenance
/// plans and services to industrial and institutional customers.
enum Catalog {
    struct Item {
        var sku: String
        var name: String
        var family: String
        var kind: String
        var price: Int
        var replacementMonths: Int?
    }

    static let items: [Item] = [
        Item(
            sku: "SEN-100", name: "Vibration sensor kit", family: "Sensors", kind: "product", price: 1_450,
            replacementMonths: 48),
        Item(
            sku: "SEN-200", name: "Thermal imaging sensor", family: "Sensors", kind: "product", price: 3_900,
            replacementMonths: 60),
        Item(
            sku: "SEN-300", name: "Flow and pressure sensor", family: "Sensors", kind: "product", price: 980,
            replacementMonths: 48),
        Item(
            sku: "CTL-100", name: "Edge controller", family: "Controllers", kind: "product", price: 6_800,
            replacementMonths: 72),
        Item(
            sku: "CTL-200", name: "Gateway hub", family: "Controllers", kind: "product", price: 2_600,
            replacementMonths: 60),
        Item(
            sku: "CTL-300", name: "Safety interlock module", family: "Controllers", kind: "product", price: 4_200,
            replacementMonths: 84),
        Item(
            sku: "SW-100", name: "Fleet monitoring licence (annual)", family: "Software", kind: "service", price: 9_500,
            replacementMonths: 12),
        Item(
            sku: "SW-200", name: "Predictive analytics add-on", family: "Software", kind: "service", price: 14_000,
            replacementMonths: 12),
        Item(
            sku: "CON-100", name: "Calibration cartridges (box of 12)", family: "Consumables", kind: "consumable",
            price: 240, replacementMonths: 3),
        Item(
            sku: "CON-200", name: "Sensor mounting kits", family: "Consumables", kind: "consumable", price: 160,
            replacementMonths: 6),
        Item(
            sku: "CON-300", name: "Replacement filters (pack)", family: "Consumables", kind: "consumable", price: 310,
            replacementMonths: 4),
        Item(
            sku: "MNT-100", name: "Maintenance plan — Standard", family: "Maintenance", kind: "maintenance",
            price: 4_800, replacementMonths: 12),
        Item(
            sku: "MNT-200", name: "Maintenance plan — Premium (24/7)", family: "Maintenance", kind: "maintenance",
            price: 11_500, replacementMonths: 12),
        Item(
            sku: "SVC-100", name: "Installation and commissioning", family: "Services", kind: "service", price: 3_200,
            replacementMonths: nil),
        Item(
            sku: "SVC-200", name: "Operator training day", family: "Services", kind: "service", price: 1_800,
            replacementMonths: nil),
        Item(
            sku: "SVC-300", name: "Site assessment", family: "Services", kind: "service", price: 2_400,
            replacementMonths: nil),
    ]

    static let families = ["Sensors", "Controllers", "Software", "Consumables", "Maintenance", "Services"]

    static let industries = [
        "Manufacturing", "Healthcare", "Logistics", "Retail", "Education", "Construction", "Food & Beverage", "Energy",
    ]

    /// Words that make believable company names for each industry.
    static let nameSuffixes: [String: [String]] = [
        "Manufacturing": ["Precision Works", "Fabrication", "Machining", "Industries", "Components"],
        "Healthcare": ["Health", "Medical Center", "Clinics", "Hospital Group", "Care Partners"],
        "Logistics": ["Logistics", "Freight", "Distribution", "Cold Chain", "Warehousing"],
        "Retail": ["Markets", "Home Stores", "Outfitters", "Grocers", "Supply Co."],
        "Education": ["School District", "College", "University", "Academy", "Learning Trust"],
        "Construction": ["Builders", "Construction", "Civil Works", "Contractors", "Structures"],
        "Food & Beverage": ["Foods", "Dairy", "Bakeries", "Brewing", "Farms"],
        "Energy": ["Energy", "Power", "Solar", "Utilities", "Renewables"],
    ]

    static let namePrefixes = [
        "Harbor Point", "Cedar Valley", "Blue Ridge", "Northgate", "Silver Lake", "Ironwood", "Maple Grove",
        "Redstone", "Clearwater", "Summit", "Oakridge", "Lakeshore", "Granite", "Westbrook", "Pinecrest",
        "Brightwater", "Stonebridge", "Fairview", "Highland", "Riverside", "Copperfield", "Eastwood", "Kingsley",
        "Meridian", "Windmill", "Falcon", "Sterling", "Aspen", "Bayview", "Hollow Creek", "Juniper", "Larkspur",
        "Millbrook", "Old Mill", "Prairie", "Quarry Hill", "Rosewood", "Sandstone", "Thornbury", "Union Square",
        "Valley Forge", "Wildflower", "Yellowstone", "Zephyr", "Alder", "Beacon", "Crescent", "Driftwood",
    ]

    static let regions = ["North", "South", "East", "West"]

    static let reps: [(id: String, name: String, email: String, team: String, manager: String)] = [
        ("R01", "Priya Shah", "priya.shah@northwind.example", "Enterprise", "Helen Brooks"),
        ("R02", "Tomás Alvarez", "tomas.alvarez@northwind.example", "Enterprise", "Helen Brooks"),
        ("R03", "Grace Okafor", "grace.okafor@northwind.example", "Commercial", "Marcus Lee"),
        ("R04", "Daniel Kim", "daniel.kim@northwind.example", "Commercial", "Marcus Lee"),
    ]

    /// For the reps of large samples beyond the demo's four.
    static let firstNames = [
        "Amara", "Ben", "Chloe", "Dev", "Elena", "Farid", "Greta", "Hiro", "Ines", "Jonas", "Kemi", "Luis", "Mei",
        "Nikos", "Olga", "Pedro", "Rosa", "Sami", "Tara", "Viktor",
    ]
    static let lastNames = [
        "Adeyemi", "Bauer", "Costa", "Dubois", "Eriksen", "Fischer", "Garcia", "Haddad", "Ito", "Jensen", "Kowalski",
        "Larsen", "Moreau", "Novak", "Okoro", "Petrov", "Quinn", "Rossi", "Sato", "Tanaka",
    ]
    static let managerNames = [
        "Helen Brooks", "Marcus Lee", "Nadia Karim", "Owen Price", "Sofia Romano", "Yusuf Demir",
    ]

    static let ticketCategories = [
        "maintenance", "repair", "installation", "billing", "delivery", "software", "training",
    ]

    static let competitors = ["Vantage Controls", "Orbis Industrial", "Kestrel Systems"]

    static let valueThemes = [
        "reliability", "fast support", "ease of use", "expertise", "delivery speed", "training", "integration",
        "price",
    ]

    static let promoterQuotes = [
        "When a sensor failed, your engineer was on site the next morning. That is why we stay.",
        "The monitoring dashboard saved us two unplanned shutdowns this year.",
        "Training was practical; our operators use the system every day now.",
        "Orders arrive when promised, which matters more to us than the last few percent on price.",
        "Your team understands our plant, not just your products.",
        "Setting up the gateway took an afternoon instead of the week we had planned for.",
    ]

    static let detractorQuotes = [
        "We had to call four times to get one repair scheduled.",
        "Invoices do not match the quotes and it takes weeks to sort out.",
        "The software update broke our reports and nobody told us in advance.",
        "Good hardware, but getting support is hard work.",
    ]

    static let passiveQuotes = [
        "It works. We have not needed much from you lately.",
        "Fine overall; delivery could be quicker.",
    ]

    static let notes = [
        "Discussed upcoming budget cycle.", "Asked about integration with their ERP.",
        "Walked through the quarterly usage report.", "Follow-up on open ticket.",
        "Invited to the user day in spring.", "Shared case study from a similar site.",
    ]
}
