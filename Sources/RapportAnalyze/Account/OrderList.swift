import RapportCore

/// An account's orders: a slice of one array holding every account's orders
/// grouped by account, so a portfolio's millions of order lines are stored
/// once (grouping them into arrays of their own held them twice).
public typealias OrderList = ArraySlice<Order>
