/// Which file of a ``TLSFiles`` configuration a ``TLSFilesError`` is about.
///
/// The raw values are etcd's flag names, so an error message points at the flag to fix.
public enum TLSFileRole: String, Sendable, Hashable, CaseIterable {
    /// The PEM certificate chain the server presents (`--cert-file`).
    case certificate = "cert-file"
    /// The PEM private key for ``certificate`` (`--key-file`).
    case privateKey = "key-file"
    /// The PEM bundle of CAs that client certificates must chain to (`--trusted-ca-file`).
    case trustedCA = "trusted-ca-file"
}
