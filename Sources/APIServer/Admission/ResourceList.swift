import CEL
import KubeModel

/// Amounts of named resources (`cpu: 500m`, `pods: 2`): Kubernetes' `ResourceList`, with the
/// arithmetic quota admission and the quota controller do on it (`k8s.io/apiserver/pkg/quota/v1`).
struct ResourceList: Sendable, Equatable {
    /// The amounts by resource name.
    var amounts: [String: Quantity]

    /// A list of `amounts`.
    init(_ amounts: [String: Quantity] = [:]) {
        self.amounts = amounts
    }

    /// The quantities of a JSON object (`resources.requests`, `spec.hard`); members that are no
    /// quantity are skipped (validation refuses them before admission sees them).
    init(_ json: JSONValue?) {
        self.amounts = [:]
        for member in json?.objectValue ?? JSONObject() {
            let text: String? = switch member.value {
            case .string(let text): text
            case .integer(let number): String(number)
            case .double(let number): String(number)
            default: nil
            }
            if let text, let quantity = Quantity(text) { self.amounts[member.key] = quantity }
        }
    }

    subscript(name: String) -> Quantity? {
        get { self.amounts[name] }
        set { self.amounts[name] = newValue }
    }

    /// The resource names listed.
    var names: Set<String> { Set(self.amounts.keys) }

    var isEmpty: Bool { self.amounts.isEmpty }

    /// Both lists summed by name (`quota.Add`).
    func adding(_ other: ResourceList) -> ResourceList {
        var result = self
        for (name, amount) in other.amounts {
            result.amounts[name] = result.amounts[name].map { $0 + amount } ?? amount
        }
        return result
    }

    /// This list minus `other`, never below zero, with `other`'s extra names at zero
    /// (`quota.SubtractWithNonNegativeResult`).
    func subtractingNonNegative(_ other: ResourceList) -> ResourceList {
        var result = ResourceList()
        for (name, amount) in self.amounts {
            let difference = other.amounts[name].map { amount - $0 } ?? amount
            result.amounts[name] = difference.nanos > 0 ? difference : Quantity(integer: 0)
        }
        for name in other.amounts.keys where result.amounts[name] == nil {
            result.amounts[name] = Quantity(integer: 0)
        }
        return result
    }

    /// The larger amount of each name in either list (kube's `maxResourceList`).
    func maximum(_ other: ResourceList) -> ResourceList {
        var result = self
        for (name, amount) in other.amounts where result.amounts[name].map({ amount > $0 }) ?? true {
            result.amounts[name] = amount
        }
        return result
    }

    /// Only the names in `names` (`quota.Mask`).
    func masked(to names: Set<String>) -> ResourceList {
        ResourceList(self.amounts.filter { names.contains($0.key) })
    }

    /// Without zero amounts (`quota.RemoveZeros`).
    func removingZeros() -> ResourceList {
        ResourceList(self.amounts.filter { !$0.value.isZero })
    }

    /// The names whose amount is above the same name's amount in `limits`; names `limits` does
    /// not list are never above (`quota.LessThanOrEqual`).
    func namesExceeding(_ limits: ResourceList) -> Set<String> {
        Set(self.amounts.compactMap { name, amount in limits.amounts[name].map { amount > $0 } == true ? name : nil })
    }

    /// The list as a JSON object of canonical quantities, by name.
    var json: JSONValue {
        .object(JSONObject(self.amounts.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value.description)) }))
    }

    /// `name=amount` pairs by name, joined by commas, as kube's quota messages print lists.
    var prettyPrinted: String {
        self.amounts.sorted { $0.key < $1.key }.map { "\($0.key)=\($0.value)" }.joined(separator: ",")
    }
}
