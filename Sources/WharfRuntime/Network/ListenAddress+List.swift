extension ListenAddress {
    /// Parses a comma-separated list of listen URLs, as etcd's `--listen-client-urls` takes.
    ///
    /// Whitespace around each element is ignored. An empty list, or an empty element such as the one in
    /// `http://a:1,,http://b:2`, is an error, and so are duplicates, since two listeners cannot bind the
    /// same address.
    ///
    /// - Parameter list: The URLs, such as `http://127.0.0.1:2379,https://[::1]:2379`.
    /// - Returns: The addresses in the order given.
    /// - Throws: ``ListenAddressError`` for the first element that does not parse.
    public static func parseList(_ list: String) throws(ListenAddressError) -> [ListenAddress] {
        var addresses: [ListenAddress] = []
        for element in list.split(separator: ",", omittingEmptySubsequences: false) {
            let address = try ListenAddress(parsing: String(element))
            if addresses.contains(address) {
                throw .duplicate(address.description)
            }
            addresses.append(address)
        }
        return addresses
    }
}
