/// The scheme of a listen URL: whether a listener speaks plain TCP or TLS.
///
/// etcd's `--listen-client-urls` and `--listen-peer-urls` accept `http` and `https`; Wharf does the same
/// and rejects `unix` and `unixs` with ``ListenAddressError/unixSocketNotSupported(_:)``.
public enum ListenScheme: String, Sendable, Hashable, CaseIterable {
    /// Plain TCP (cleartext HTTP/1.1 or HTTP/2 with prior knowledge).
    case http
    /// TLS; the listener needs ``TLSFiles``.
    case https

    /// Whether the listener must terminate TLS.
    public var usesTLS: Bool {
        self == .https
    }
}
