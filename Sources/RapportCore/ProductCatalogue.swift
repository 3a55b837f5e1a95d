/// The products table looked up by an order's or ticket's SKU symbol: an
/// array index per order line instead of hashing its SKU.
public struct ProductCatalogue: Sendable {
    /// In file order.
    public let products: [Product]
    /// Per symbol of the model's table, the product's position or -1.
    private let positions: [Int32]

    public init(_ products: [Product], symbols: SymbolTable) {
        self.products = products
        var positions = symbols.table(filledWith: Int32(-1))
        // Backwards, so a SKU listed twice resolves to its first row.
        for (position, product) in products.enumerated().reversed() {
            if let symbol = symbols.lookup(product.sku) { positions[symbol.position] = Int32(position) }
        }
        self.positions = positions
    }

    @inline(__always)
    public func product(_ sku: Symbol?) -> Product? {
        guard let sku, sku.position < positions.count else { return nil }
        let position = positions[sku.position]
        return position >= 0 ? products[Int(position)] : nil
    }
}
