import KubeModel

/// An admission step that may change the object of a write (kube-apiserver's mutating
/// admission interface).
protocol MutatingAdmission: Sendable {
    /// Returns the object as this step leaves it: the attributes' object when it changes nothing,
    /// `nil` for deletes.
    func mutate(_ attributes: AdmissionAttributes) async throws -> JSONValue?
}

/// An admission step that accepts or refuses a write after every mutation (kube-apiserver's
/// validating admission interface).
protocol ValidatingAdmission: Sendable {
    /// Returns when the write may go on; throws a ``StatusError`` refusing it otherwise.
    func validate(_ attributes: AdmissionAttributes) async throws
}
