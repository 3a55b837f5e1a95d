/// The products table looked up by an order's or ticket's SKU symbol: an
/// array index per order line instead of hashing its SKU, and the facts the
/// analysis reads per line (family, replacement age) as plain integers, so
/// the hot loops never copy a `Product` (retaining its strings showed as a
/// fifth of the 100,000-account analysis).
public struct ProductCatalogue: Sendable {
    /// In file order.
    public let products: [Product]
    /// The product families named in the catalogue, sorted.
    public let families: [String]
    /// Positions in `products`, in SKU order.
    public let bySKU: [Int]
    /// Per symbol of the model's table, the product's position or -1.
    private let positions: [Int32]
    /// Per product, its family's position in `families` or -1.
    private let familyOfProduct: [Int32]

    public init(_ products: [Product], symbols: SymbolTable) {
        self.products = products
        families = Set(products.compactMap(\.family)).sorted()
        bySKU = products.indices.sorted { (products[$0].sku, $0) < (products[$1].sku, $1) }
        let familyIndex = Dictionary(uniqueKeysWithValues: families.enumerated().map { ($1, Int32($0)) })
        familyOfProduct = products.map { $0.family.flatMap { familyIndex[$0] } ?? -1 }
        var positions = symbols.table(filledWith: Int32(-1))
        // Backwards, so a SKU listed twice resolves to its first row.
        for (position, product) in products.enumerated().reversed() {
            if let sku = symbols.lookup(product.sku) { positions[sku.position] = Int32(position) }
        }
        self.positions = positions
    }

    /// The position in `products` of the SKU's product, if it is listed.
    @inline(__always)
    public func position(_ sku: Interned<SKU>?) -> Int? {
        guard let sku, sku.position < positions.count else { return nil }
        let position = positions[sku.position]
        return position >= 0 ? Int(position) : nil
    }

    public func product(_ sku: Interned<SKU>?) -> Product? { position(sku).map { products[$0] } }

    /// The position in `families` of the SKU's product family, if any.
    @inline(__always)
    public func family(_ sku: Interned<SKU>?) -> Int? {
        guard let position = position(sku) else { return nil }
        let family = familyOfProduct[position]
        return family >= 0 ? Int(family) : nil
    }
}
