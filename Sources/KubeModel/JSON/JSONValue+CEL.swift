public import CEL

extension JSONValue {
    /// The value as CEL sees an object without a schema (ValidatingAdmissionPolicy's `object`,
    /// `params`, `request`): objects as maps with their keys as written, arrays as lists,
    /// integers as `int`. Custom resources with a schema convert through
    /// `CustomResourceSchema` instead, which escapes property names and follows declared types.
    public var celValue: CELValue {
        CustomResourceSchema.celValue(self, schema: nil)
    }
}
