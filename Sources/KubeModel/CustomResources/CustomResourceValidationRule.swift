import CEL
import Foundation

/// One `x-kubernetes-validations` entry of a CRD schema node, compiled: a CEL `rule` that must
/// hold for `self` (the value at the node) and, in a transition rule, `oldSelf` (the value the
/// node had before an update).
///
/// kube-apiserver refuses a CRD whose rules do not compile; ``compilationProblems(_:path:)``
/// reports the same causes, so a rule that reaches evaluation is one this engine can run.
struct CustomResourceValidationRule: Sendable {
    /// The variables a rule may read.
    static let variables: Set<String> = ["self", "oldSelf"]

    /// The reasons a rule may give instead of `FieldValueInvalid`.
    static let reasons = ["FieldValueInvalid", "FieldValueForbidden", "FieldValueRequired", "FieldValueDuplicate"]

    /// The expression as written.
    let rule: String
    /// The fixed message for a failure, if any.
    let message: String
    /// The expression computing the failure message, if any.
    let messageExpression: CELProgram?
    /// The cause type for a failure (`FieldValueInvalid` when unset).
    let reason: String?
    /// Where, below the node, a failure points (e.g. `.spec.replicas`), without the leading dot.
    let fieldPath: String
    /// Whether the rule also runs when there is no old value, with `oldSelf` then absent.
    let optionalOldSelf: Bool
    /// The compiled rule.
    let program: CELProgram

    /// Whether the rule reads `oldSelf`, which makes it a transition rule.
    var usesOldSelf: Bool { self.program.referencedVariables.contains("oldSelf") }

    /// Compiles one entry; `nil` when it does not compile (see ``compilationProblems(_:path:)``).
    init?(_ entry: JSONValue) {
        guard let program = try? CELProgram(entry["rule"]?.stringValue ?? "", variables: Self.variables) else { return nil }
        self.program = program
        self.rule = program.source
        self.message = entry["message"]?.stringValue ?? ""
        let messageSource = entry["messageExpression"]?.stringValue ?? ""
        self.messageExpression = messageSource.isEmpty ? nil : try? CELProgram(messageSource, variables: Self.variables)
        self.reason = entry["reason"]?.stringValue
        self.fieldPath = String((entry["fieldPath"]?.stringValue ?? "").drop { $0 == "." })
        self.optionalOldSelf = entry["optionalOldSelf"]?.boolValue ?? false
    }

    /// Evaluates the rule for one value, as kube-apiserver's CEL validator does: a transition
    /// rule is skipped without an old value; a result other than `true` or an evaluation error
    /// becomes a cause.
    /// - Parameters:
    ///   - value: `self`.
    ///   - old: `oldSelf`, when the node had a value before an update.
    ///   - path: The node's field path (empty at the root).
    ///   - typeName: The node's schema type, which kube-apiserver shows as the invalid value.
    ///   - budget: The object's steps left; set negative when evaluation must stop (this rule or
    ///     the object ran out), as kube-apiserver then runs no further rules.
    /// - Returns: The cause, or `nil` when the rule holds or does not apply.
    func problem(_ value: CELValue, old: CELValue?, path: String, typeName: String, budget: inout Int) -> StatusCause? {
        if self.usesOldSelf && old == nil { return nil }
        var bindings = ["self": value]
        bindings["oldSelf"] = old
        // kube-apiserver names a rule in errors by its message when it has one.
        let rule = (self.message.isEmpty ? self.rule : self.message).trimmingCharacters(in: .whitespacesAndNewlines)
        let field = path.isEmpty ? "<nil>" : path
        let result: CELValue
        do {
            result = try self.program.evaluate(bindings, budget: &budget)
        } catch {
            let detail = switch error {
            case .noSuchOverload:
                "'\(error)': call arguments did not match a supported operator, function or macro signature for rule: \(rule)"
            case .costLimitExceeded where budget <= 0:
                "validation failed due to running out of cost budget, no further validation rules will be run"
            case .costLimitExceeded:
                "'\(error)': no further validation rules will be run due to call cost exceeds limit for rule: \(rule)"
            default:
                "\(error) evaluating rule: \(rule)"
            }
            if case .costLimitExceeded = error { budget = -1 }
            return StatusCause(type: "FieldValueInvalid", message: "Invalid value: \"\(typeName)\": \(detail)", field: field)
        }
        if case .bool(true) = result { return nil }
        let failedField = self.fieldPath.isEmpty ? field : (path.isEmpty ? self.fieldPath : "\(path).\(self.fieldPath)")
        var detail = self.message.trimmingCharacters(in: .whitespacesAndNewlines)
        if case .string(let computed)? = try? self.messageExpression?.evaluate(bindings, budget: &budget),
           !computed.trimmingCharacters(in: .whitespacesAndNewlines).isEmpty {
            detail = computed.trimmingCharacters(in: .whitespacesAndNewlines)
        } else if detail.isEmpty {
            detail = "failed rule: \(rule)"
        }
        return switch self.reason {
        case "FieldValueForbidden": StatusCause(type: "FieldValueForbidden", message: "Forbidden: \(detail)", field: failedField)
        case "FieldValueRequired": StatusCause(type: "FieldValueRequired", message: "Required value: \(detail)", field: failedField)
        case "FieldValueDuplicate": StatusCause(type: "FieldValueDuplicate", message: "Duplicate value: \"\(typeName)\"", field: failedField)
        default: StatusCause(type: "FieldValueInvalid", message: "Invalid value: \"\(typeName)\": \(detail)", field: failedField)
        }
    }

    /// Why a schema node's `x-kubernetes-validations` would be refused at CRD creation, with
    /// kube-apiserver's causes: rules that are missing or do not compile, message expressions
    /// that do not compile, unknown reasons, and transition rules where no old value can be
    /// found (under the items of a list that is not `x-kubernetes-list-type: map`).
    /// - Parameters:
    ///   - schema: The schema node.
    ///   - path: The node's field path in the CRD (`spec.versions[0].schema.openAPIV3Schema…`).
    ///   - uncorrelatablePath: The path of the enclosing list whose items have no identity, if any.
    static func compilationProblems(_ schema: JSONValue, path: String, uncorrelatablePath: String?) -> [StatusCause] {
        guard let entries = schema["x-kubernetes-validations"] else { return [] }
        let rulesPath = "\(path).x-kubernetes-validations"
        guard let entries = entries.arrayValue else { return [.invalid(rulesPath, value: "", "must be a list of rules")] }
        var causes: [StatusCause] = []
        for (index, entry) in entries.enumerated() {
            let entryPath = "\(rulesPath)[\(index)]"
            let source = entry["rule"]?.stringValue ?? ""
            if source.trimmingCharacters(in: .whitespaces).isEmpty {
                causes.append(StatusCause(type: "FieldValueRequired", message: "Required value: rule is not specified", field: "\(entryPath).rule"))
                continue
            }
            do {
                let program = try CELProgram(source, variables: Self.variables)
                if let uncorrelatablePath, program.referencedVariables.contains("oldSelf") {
                    causes.append(.invalid(
                        "\(entryPath).rule", value: source,
                        "oldSelf cannot be used on the uncorrelatable portion of the schema within \(uncorrelatablePath)"
                    ))
                }
            } catch {
                causes.append(StatusCause(
                    type: "FieldValueInvalid",
                    message: "Invalid value: \(Self.goSyntax(entry)): compilation failed: \(error.report(source: source))",
                    field: "\(entryPath).rule"
                ))
            }
            if let messageSource = entry["messageExpression"]?.stringValue, !messageSource.isEmpty {
                do {
                    _ = try CELProgram(messageSource, variables: Self.variables)
                } catch {
                    causes.append(StatusCause(
                        type: "FieldValueInvalid",
                        message: "Invalid value: \(Self.goSyntax(entry)): messageExpression compilation failed: \(error.report(source: messageSource))",
                        field: "\(entryPath).messageExpression"
                    ))
                }
            }
            if entry["optionalOldSelf"]?.boolValue == true {
                causes.append(StatusCause(
                    type: "FieldValueForbidden",
                    message: "Forbidden: optionalOldSelf is not supported by this server (it needs CEL optional values)",
                    field: "\(entryPath).optionalOldSelf"
                ))
            }
            if let reason = entry["reason"]?.stringValue, !Self.reasons.contains(reason) {
                causes.append(.notSupported("\(entryPath).reason", value: reason, supported: Self.reasons))
            }
        }
        return causes
    }

    /// The entry as Go's `%#v` prints kube's internal `apiextensions.ValidationRule`, which is
    /// how kube-apiserver shows the invalid value of a rule that does not compile. Go prints a
    /// set pointer as its address; this prints the pointed-to value instead.
    private static func goSyntax(_ entry: JSONValue) -> String {
        func string(_ key: String) -> String { Self.goQuoted(entry[key]?.stringValue ?? "") }
        let reason = entry["reason"]?.stringValue.map { "(*apiextensions.FieldValueErrorReason)(\(Self.goQuoted($0)))" }
            ?? "(*apiextensions.FieldValueErrorReason)(nil)"
        let optional = entry["optionalOldSelf"]?.boolValue.map { "(*bool)(\($0))" } ?? "(*bool)(nil)"
        return "apiextensions.ValidationRule{Rule:\(string("rule")), Message:\(string("message")), "
            + "MessageExpression:\(string("messageExpression")), Reason:\(reason), FieldPath:\(string("fieldPath")), "
            + "OptionalOldSelf:\(optional)}"
    }

    /// Go's `%q` for the common characters: quotes, backslashes and control characters escaped.
    private static func goQuoted(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": quoted += "\\\""
            case "\\": quoted += "\\\\"
            case "\n": quoted += "\\n"
            case "\t": quoted += "\\t"
            case "\r": quoted += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    quoted += "\\x" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    quoted.unicodeScalars.append(scalar)
                }
            }
        }
        return quoted + "\""
    }
}
