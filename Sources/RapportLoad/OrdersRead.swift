import RapportCore

/// The orders table read on a core of its own, into a model of its own,
/// while the other tables are read on another: orders are most of an
/// export (580 of 850 MB at 100,000 accounts). Each side interns into its
/// own symbol table and text store; `merge` moves the orders into the
/// model afterwards. Used by the CSV files and the databases alike.
struct OrdersRead {
    var model = SiteModel()
    var state = TableKind.Decoding()
    var diagnostics = Diagnostics()
    var present = true

    /// The orders' symbols interned into the model's table and their text
    /// refs moved past the model's texts: one pass over the orders. The
    /// caller records where the orders came from.
    mutating func merge(into model: inout SiteModel) {
        var remap: [Symbol] = []
        remap.reserveCapacity(state.symbols.count)
        for index in 0..<state.symbols.count {
            remap.append(model.symbols.intern(state.symbols[Symbol(index: UInt32(index))]))
        }
        let offset = model.texts.append(contentsOf: state.texts)
        state.texts = TextStore()
        // Taken out of `self` so the array is not shared: changing a shared
        // one would copy all of it.
        var orders = self.model.orders
        self.model.orders = []
        orders.withUnsafeMutableBufferPointer { buffer in
            for index in buffer.indices {
                buffer[index].account = Interned(remap[buffer[index].account.position])
                if let sku = buffer[index].sku { buffer[index].sku = Interned(remap[sku.position]) }
                if let rep = buffer[index].rep { buffer[index].rep = Interned(remap[rep.position]) }
                if let id = buffer[index].orderID { buffer[index].orderID = TextRef(index: id.index + offset) }
            }
        }
        model.orders = orders
    }
}
