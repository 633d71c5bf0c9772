import APIServer
import ArgumentParser

/// The `--controllers` flag of `wharf apiserver` and `wharf up`, in kube-controller-manager's form.
struct ControllerOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The lifecycle controllers the API server runs, kube-controller-manager style: '*' runs all, 'name' enables one, '-name' disables one (e.g. '*,-garbage-collector-controller'; '' runs none).",
            discussion: "Controllers: garbage-collector-controller (garbagecollector), namespace-controller (namespace), resourcequota-controller (resourcequota), serviceaccount-controller (serviceaccount), root-ca-certificate-publisher-controller (root-ca-cert-publisher). Without the garbage collector, deletes add no orphan/foregroundDeletion finalizers; without the namespace controller, deleted namespaces stay Terminating; without the resource quota controller, ResourceQuotas get no status and are not enforced; without the service account controller, namespaces get no default ServiceAccount (and pods there are refused by ServiceAccount admission until one exists); the root CA publisher runs only with a root CA bundle."
        )
    )
    var controllers = "*"

    /// The selection the flag names.
    func selection() throws -> ControllerSelection {
        do {
            return try ControllerSelection(parsing: self.controllers)
        } catch {
            throw ValidationError("--controllers: \(error)")
        }
    }
}
