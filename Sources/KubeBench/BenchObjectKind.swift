/// What the object benchmarks create, read and write: ConfigMaps, or custom resources validated
/// by a structural schema with or without CEL rules, so the cost of CRD validation and of its
/// CEL rules shows as the difference between runs.
public enum BenchObjectKind: String, Sendable, Codable, CaseIterable {
    /// ConfigMaps with one data value of the chosen size.
    case configmap
    /// `Widget` custom resources (`widgets.bench.wharf.dev`): a structural schema with types,
    /// bounds, an enum, a pattern, a defaulted field, a map-keyed list and a string map.
    case widget
    /// The same objects as ``widget`` (`checkedwidgets.bench.wharf.dev`), whose schema adds six
    /// CEL rules (`x-kubernetes-validations`), one of them a transition rule.
    case checkedwidget

    /// The API group of the custom resources.
    static let group = "bench.wharf.dev"

    /// The collection of the kind's objects in `namespace`.
    func collection(namespace: String) -> String {
        switch self {
        case .configmap: "/api/v1/namespaces/\(namespace)/configmaps"
        case .widget, .checkedwidget: "/apis/\(Self.group)/v1/namespaces/\(namespace)/\(self.plural)"
        }
    }

    private var plural: String { self.rawValue + "s" }

    /// The object called `name`; a different `generation` changes its contents, and a
    /// `resourceVersion` makes a write conditional on it.
    func body(name: String, namespace: String, valueSize: Int, generation: Int = 0, resourceVersion: String? = nil)
        -> [UInt8]
    {
        switch self {
        case .configmap:
            return ObjectTemplates.configMap(
                name: name, namespace: namespace, valueSize: valueSize, generation: generation,
                resourceVersion: resourceVersion)
        case .widget, .checkedwidget:
            let stamp = String(generation)
            let note = stamp + String(repeating: "x", count: max(0, valueSize - stamp.count))
            let version = resourceVersion.map { #","resourceVersion":"\#($0)""# } ?? ""
            let kind = self == .widget ? "Widget" : "CheckedWidget"
            return Array(
                """
                {"apiVersion":"\(Self.group)/v1","kind":"\(kind)","metadata":{"name":"\(name)","namespace":"\(namespace)"\(version),\
                "labels":{\(ObjectTemplates.label)}},"spec":{"replicas":3,"image":"registry.example.com/team/widget:v1.2.3",\
                "mode":"Active","revision":\(generation),"ports":[{"name":"http","port":8080},\
                {"name":"metrics","port":9090,"protocol":"TCP"},{"name":"grpc","port":9443,"protocol":"TCP"}],\
                "selector":{"app":"widget","tier":"backend"},"note":"\(note)"}}
                """.utf8)
        }
    }

    /// The CustomResourceDefinition the kind needs, or `nil` for a built-in kind.
    var definition: [UInt8]? {
        guard self != .configmap else { return nil }
        let kind = self == .widget ? "Widget" : "CheckedWidget"
        // Rules over the whole spec, a list and a map, one with a message expression, and a
        // transition rule (only updates run it).
        let rules =
            self == .widget
            ? ""
            : #"""
            ,"x-kubernetes-validations":[\#
            {"rule":"self.replicas <= 100 || self.mode == 'Paused'","message":"more than 100 replicas only when paused"},\#
            {"rule":"self.ports.all(p, p.port != 22)","message":"port 22 is reserved"},\#
            {"rule":"self.ports.exists(p, p.name == 'http')","message":"an http port is required"},\#
            {"rule":"self.image.startsWith('registry.example.com/')","messageExpression":"'image ' + self.image + ' is not from the registry'"},\#
            {"rule":"size(self.selector) >= 1 && self.selector.all(k, size(k) <= 63)","message":"a selector is required"},\#
            {"rule":"self.revision >= oldSelf.revision","message":"revision may not go back"}]
            """#
        return Array(
            #"""
            {"apiVersion":"apiextensions.k8s.io/v1","kind":"CustomResourceDefinition",\#
            "metadata":{"name":"\#(self.plural).\#(Self.group)","labels":{\#(ObjectTemplates.label)}},\#
            "spec":{"group":"\#(Self.group)","scope":"Namespaced",\#
            "names":{"plural":"\#(self.plural)","singular":"\#(self.rawValue)","kind":"\#(kind)","listKind":"\#(kind)List"},\#
            "versions":[{"name":"v1","served":true,"storage":true,"schema":{"openAPIV3Schema":{"type":"object",\#
            "properties":{"spec":{"type":"object","required":["replicas","image"],"properties":{\#
            "replicas":{"type":"integer","minimum":0,"maximum":1000},\#
            "image":{"type":"string","maxLength":256,"pattern":"^[a-z0-9./:-]+$"},\#
            "mode":{"type":"string","enum":["Active","Paused"]},\#
            "revision":{"type":"integer","minimum":0},\#
            "ports":{"type":"array","maxItems":16,"x-kubernetes-list-type":"map","x-kubernetes-list-map-keys":["name"],\#
            "items":{"type":"object","required":["name","port"],"properties":{\#
            "name":{"type":"string","maxLength":15},"port":{"type":"integer","minimum":1,"maximum":65535},\#
            "protocol":{"type":"string","enum":["TCP","UDP"],"default":"TCP"}}}},\#
            "selector":{"type":"object","maxProperties":16,"additionalProperties":{"type":"string","maxLength":63}},\#
            "note":{"type":"string","maxLength":65536}}\#(rules)}}}}}]}}
            """#.utf8)
    }
}
