import APIServer
import ArgumentParser

/// The `--controllers` flag of `wharf apiserver` and `wharf up`, in kube-controller-manager's form.
struct ControllerOptions: ParsableArguments {
    @Option(
        help: ArgumentHelp(
            "The lifecycle controllers the API server runs, kube-controller-manager style: '*' runs all, 'name' enables one, '-name' disables one (e.g. '*,-garbage-collector-controller'; '' runs none).",
            discussion: "Controllers: garbage-collector-controller (garbagecollector), namespace-controller (namespace), resourcequota-controller (resourcequota). Without the garbage collector, deletes add no orphan/foregroundDeletion finalizers; without the namespace controller, deleted namespaces stay Terminating; without the resource quota controller, ResourceQuotas get no status and are not enforced."
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
