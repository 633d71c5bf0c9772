extension CustomResourceDefinition {
    /// What kube-apiserver refuses in `spec.conversion`, with its field paths (those of its
    /// internal version: `webhookClientConfig`, `conversionReviewVersions`) and wording: the
    /// strategy is `None` or `Webhook`; `Webhook` needs a valid client config and review versions
    /// that include one this server sends; `None` takes neither.
    static func conversionProblems(_ conversion: JSONValue?) -> [StatusCause] {
        guard let conversion else { return [] }
        let path = "spec.conversion"
        let strategy = conversion["strategy"]?.stringValue ?? ""
        let webhook = conversion["webhook"] ?? .null
        let clientConfig = webhook["clientConfig"]
        let reviewVersions = (webhook["conversionReviewVersions"]?.arrayValue ?? []).compactMap(\.stringValue)
        var causes: [StatusCause] = []
        if strategy.isEmpty {
            causes.append(.required("\(path).strategy"))
        } else if strategy != "None" && strategy != "Webhook" {
            causes.append(.notSupported("\(path).strategy", value: strategy, supported: ["None", "Webhook"]))
        }
        guard strategy == "Webhook" else {
            let forbidden = "Forbidden: should not be set when strategy is not set to Webhook"
            if clientConfig != nil {
                causes.append(StatusCause(type: "FieldValueForbidden", message: forbidden, field: "\(path).webhookClientConfig"))
            }
            if !reviewVersions.isEmpty {
                causes.append(StatusCause(type: "FieldValueForbidden", message: forbidden, field: "\(path).conversionReviewVersions"))
            }
            return causes
        }
        if let clientConfig {
            causes += WebhookClientConfig(clientConfig).problems(at: "\(path).webhookClientConfig")
        } else {
            causes.append(StatusCause(
                type: "FieldValueRequired", message: "Required value: required when strategy is set to Webhook",
                field: "\(path).webhookClientConfig"
            ))
        }
        causes += Self.reviewVersionProblems(reviewVersions, at: "\(path).conversionReviewVersions")
        return causes
    }

    private static func reviewVersionProblems(_ versions: [String], at path: String) -> [StatusCause] {
        guard !versions.isEmpty else { return [.required(path)] }
        var causes: [StatusCause] = []
        var seen = Set<String>()
        for (index, version) in versions.enumerated() {
            guard seen.insert(version).inserted else {
                causes.append(.invalid("\(path)[\(index)]", value: version, "duplicate version"))
                continue
            }
            causes += NameValidation.labelProblems(version).map { .invalid("\(path)[\(index)]", value: version, $0) }
        }
        let supported = CustomResourceConversionWebhook.supportedReviewVersions
        if !versions.contains(where: supported.contains) {
            causes.append(StatusCause(
                type: "FieldValueInvalid",
                message: "Invalid value: []string{\(versions.map { "\"\($0)\"" }.joined(separator: ", "))}: must include at least one of "
                    + supported.joined(separator: ", "),
                field: path
            ))
        }
        return causes
    }
}
