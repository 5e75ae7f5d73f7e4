using Kiln.LocalCloud.Gce.Catalog;
using Kiln.LocalCloud.Gce.Disks;
using Kiln.LocalCloud.Gce.BackendServices;
using Kiln.LocalCloud.Gce.Firewalls;
using Kiln.LocalCloud.Gce.ForwardingRules;
using Kiln.LocalCloud.Gce.HealthChecks;
using Kiln.LocalCloud.Gce.Hosting;
using Kiln.LocalCloud.Gce.Images;
using Kiln.LocalCloud.Gce.InstanceGroupManagers;
using Kiln.LocalCloud.Gce.InstanceGroups;
using Kiln.LocalCloud.Gce.Instances;
using Kiln.LocalCloud.Gce.InstanceTemplates;
using Kiln.LocalCloud.Gce.Operations;
using Kiln.LocalCloud.Gce.Projects;

namespace Kiln.LocalCloud.Gce;

/// <summary>Every Compute Engine method the local cloud answers; any other is refused by name (400).</summary>
public static class GceApi
{
    private const string P = "projects/{project}";
    private const string Z = P + "/zones/{zone}";
    private const string R = P + "/regions/{region}";

    public static GceRoutes Routes() => new GceRoutes()
        .Add("GET", P, "compute.projects.get", ProjectHandlers.Get)
        .Add("POST", P + "/setCommonInstanceMetadata", "compute.projects.setCommonInstanceMetadata", ProjectHandlers.SetCommonInstanceMetadataAsync)

        .Add("GET", P + "/global/images", "compute.images.list", ImageHandlers.List)
        .Add("POST", P + "/global/images", "compute.images.insert", InsertImage.HandleAsync)
        .Add("GET", P + "/global/images/family/{family}", "compute.images.getFromFamily", ImageHandlers.GetFromFamily)
        .Add("GET", P + "/global/images/{name}", "compute.images.get", ImageHandlers.Get)
        .Add("DELETE", P + "/global/images/{name}", "compute.images.delete", ImageHandlers.DeleteAsync)
        .Add("POST", P + "/global/images/{name}/deprecate", "compute.images.deprecate", ImageHandlers.DeprecateAsync)
        .Add("POST", P + "/global/images/{name}/setLabels", "compute.images.setLabels", ImageHandlers.SetLabelsAsync)

        .Add("GET", Z + "/instances", "compute.instances.list", InstanceHandlers.List)
        .Add("POST", Z + "/instances", "compute.instances.insert", InsertInstance.HandleAsync)
        .Add("GET", Z + "/instances/{name}", "compute.instances.get", InstanceHandlers.Get)
        .Add("DELETE", Z + "/instances/{name}", "compute.instances.delete", DeleteInstance.HandleAsync)
        .Add("POST", Z + "/instances/{name}/start", "compute.instances.start", InstanceHandlers.StartAsync)
        .Add("POST", Z + "/instances/{name}/stop", "compute.instances.stop", InstanceHandlers.StopAsync)
        .Add("POST", Z + "/instances/{name}/setMetadata", "compute.instances.setMetadata", InstanceChanges.SetMetadataAsync)
        .Add("POST", Z + "/instances/{name}/setLabels", "compute.instances.setLabels", InstanceChanges.SetLabelsAsync)
        .Add("POST", Z + "/instances/{name}/setTags", "compute.instances.setTags", InstanceChanges.SetTagsAsync)
        .Add("GET", P + "/aggregated/instances", "compute.instances.aggregatedList", InstanceHandlers.Aggregated)

        .Add("GET", Z + "/disks", "compute.disks.list", DiskHandlers.List)
        .Add("POST", Z + "/disks", "compute.disks.insert", DiskHandlers.InsertAsync)
        .Add("GET", Z + "/disks/{name}", "compute.disks.get", DiskHandlers.Get)
        .Add("DELETE", Z + "/disks/{name}", "compute.disks.delete", DiskHandlers.DeleteAsync)
        .Add("POST", Z + "/disks/{name}/setLabels", "compute.disks.setLabels", DiskHandlers.SetLabelsAsync)
        .Add("GET", P + "/aggregated/disks", "compute.disks.aggregatedList", DiskHandlers.Aggregated)

        .Add("GET", P + "/global/instanceTemplates", "compute.instanceTemplates.list", InstanceTemplateHandlers.List)
        .Add("POST", P + "/global/instanceTemplates", "compute.instanceTemplates.insert", InstanceTemplateHandlers.InsertAsync)
        .Add("GET", P + "/global/instanceTemplates/{name}", "compute.instanceTemplates.get", InstanceTemplateHandlers.Get)
        .Add("DELETE", P + "/global/instanceTemplates/{name}", "compute.instanceTemplates.delete", InstanceTemplateHandlers.DeleteAsync)
        .Add("GET", P + "/aggregated/instanceTemplates", "compute.instanceTemplates.aggregatedList", InstanceTemplateHandlers.Aggregated)

        .Add("GET", Z + "/instanceGroupManagers", "compute.instanceGroupManagers.list", MigHandlers.List)
        .Add("POST", Z + "/instanceGroupManagers", "compute.instanceGroupManagers.insert", InsertMig.HandleAsync)
        .Add("GET", Z + "/instanceGroupManagers/{name}", "compute.instanceGroupManagers.get", MigHandlers.Get)
        .Add("DELETE", Z + "/instanceGroupManagers/{name}", "compute.instanceGroupManagers.delete", DeleteMig.HandleAsync)
        .Add("PATCH", Z + "/instanceGroupManagers/{name}", "compute.instanceGroupManagers.patch", MigChanges.PatchAsync)
        .Add("POST", Z + "/instanceGroupManagers/{name}/resize", "compute.instanceGroupManagers.resize", MigChanges.ResizeAsync)
        .Add("POST", Z + "/instanceGroupManagers/{name}/setInstanceTemplate", "compute.instanceGroupManagers.setInstanceTemplate", MigChanges.SetInstanceTemplateAsync)
        .Add("POST", Z + "/instanceGroupManagers/{name}/recreateInstances", "compute.instanceGroupManagers.recreateInstances", MigChanges.RecreateInstancesAsync)
        .Add("POST", Z + "/instanceGroupManagers/{name}/listManagedInstances", "compute.instanceGroupManagers.listManagedInstances", MigHandlers.ListManagedInstances)
        .Add("GET", P + "/aggregated/instanceGroupManagers", "compute.instanceGroupManagers.aggregatedList", MigHandlers.Aggregated)

        .Add("GET", Z + "/autoscalers", "compute.autoscalers.list", AutoscalerHandlers.List)
        .Add("GET", P + "/aggregated/autoscalers", "compute.autoscalers.aggregatedList", AutoscalerHandlers.Aggregated)

        .Add("GET", Z + "/instanceGroups", "compute.instanceGroups.list", InstanceGroupHandlers.List)
        .Add("GET", Z + "/instanceGroups/{name}", "compute.instanceGroups.get", InstanceGroupHandlers.Get)
        .Add("POST", Z + "/instanceGroups/{name}/listInstances", "compute.instanceGroups.listInstances", InstanceGroupHandlers.ListInstances)
        .Add("POST", Z + "/instanceGroups/{name}/setNamedPorts", "compute.instanceGroups.setNamedPorts", InstanceGroupHandlers.SetNamedPortsAsync)
        .Add("GET", P + "/aggregated/instanceGroups", "compute.instanceGroups.aggregatedList", InstanceGroupHandlers.Aggregated)

        .Add("GET", P + "/global/healthChecks", "compute.healthChecks.list", HealthCheckHandlers.List)
        .Add("POST", P + "/global/healthChecks", "compute.healthChecks.insert", HealthCheckHandlers.InsertAsync)
        .Add("GET", P + "/global/healthChecks/{name}", "compute.healthChecks.get", HealthCheckHandlers.Get)
        .Add("DELETE", P + "/global/healthChecks/{name}", "compute.healthChecks.delete", HealthCheckHandlers.DeleteAsync)
        .Add("GET", P + "/aggregated/healthChecks", "compute.healthChecks.aggregatedList", HealthCheckHandlers.Aggregated)

        .Add("GET", R + "/backendServices", "compute.regionBackendServices.list", BackendServiceHandlers.List)
        .Add("POST", R + "/backendServices", "compute.regionBackendServices.insert", BackendServiceHandlers.InsertAsync)
        .Add("GET", R + "/backendServices/{name}", "compute.regionBackendServices.get", BackendServiceHandlers.Get)
        .Add("PATCH", R + "/backendServices/{name}", "compute.regionBackendServices.patch", BackendServiceHandlers.PatchAsync)
        .Add("PUT", R + "/backendServices/{name}", "compute.regionBackendServices.update", BackendServiceHandlers.PatchAsync)
        .Add("DELETE", R + "/backendServices/{name}", "compute.regionBackendServices.delete", BackendServiceHandlers.DeleteAsync)
        .Add("POST", R + "/backendServices/{name}/getHealth", "compute.regionBackendServices.getHealth", BackendServiceHandlers.GetHealth)
        .Add("GET", P + "/aggregated/backendServices", "compute.backendServices.aggregatedList", BackendServiceHandlers.Aggregated)

        .Add("GET", R + "/forwardingRules", "compute.forwardingRules.list", ForwardingRuleHandlers.List)
        .Add("POST", R + "/forwardingRules", "compute.forwardingRules.insert", ForwardingRuleHandlers.InsertAsync)
        .Add("GET", R + "/forwardingRules/{name}", "compute.forwardingRules.get", ForwardingRuleHandlers.Get)
        .Add("DELETE", R + "/forwardingRules/{name}", "compute.forwardingRules.delete", ForwardingRuleHandlers.DeleteAsync)
        .Add("GET", P + "/aggregated/forwardingRules", "compute.forwardingRules.aggregatedList", ForwardingRuleHandlers.Aggregated)

        .Add("GET", R + "/operations", "compute.regionOperations.list", OperationHandlers.ListRegional)
        .Add("GET", R + "/operations/{name}", "compute.regionOperations.get", OperationHandlers.GetRegional)
        .Add("POST", R + "/operations/{name}/wait", "compute.regionOperations.wait", OperationHandlers.GetRegional)

        .Add("GET", P + "/global/firewalls", "compute.firewalls.list", FirewallHandlers.List)
        .Add("POST", P + "/global/firewalls", "compute.firewalls.insert", FirewallHandlers.InsertAsync)
        .Add("GET", P + "/global/firewalls/{name}", "compute.firewalls.get", FirewallHandlers.Get)
        .Add("DELETE", P + "/global/firewalls/{name}", "compute.firewalls.delete", FirewallHandlers.DeleteAsync)

        .Add("GET", Z + "/operations", "compute.zoneOperations.list", OperationHandlers.ListZonal)
        .Add("GET", Z + "/operations/{name}", "compute.zoneOperations.get", OperationHandlers.GetZonal)
        .Add("POST", Z + "/operations/{name}/wait", "compute.zoneOperations.wait", OperationHandlers.GetZonal)
        .Add("GET", P + "/global/operations", "compute.globalOperations.list", OperationHandlers.ListGlobal)
        .Add("GET", P + "/global/operations/{name}", "compute.globalOperations.get", OperationHandlers.GetGlobal)
        .Add("POST", P + "/global/operations/{name}/wait", "compute.globalOperations.wait", OperationHandlers.GetGlobal)

        .Add("GET", P + "/zones", "compute.zones.list", CatalogHandlers.ListZones)
        .Add("GET", Z, "compute.zones.get", CatalogHandlers.GetZone)
        .Add("GET", P + "/regions", "compute.regions.list", CatalogHandlers.ListRegions)
        .Add("GET", P + "/regions/{region}", "compute.regions.get", CatalogHandlers.GetRegion)
        .Add("GET", Z + "/machineTypes", "compute.machineTypes.list", CatalogHandlers.ListMachineTypes)
        .Add("GET", Z + "/machineTypes/{name}", "compute.machineTypes.get", CatalogHandlers.GetMachineType)
        .Add("GET", P + "/global/networks", "compute.networks.list", CatalogHandlers.ListNetworks)
        .Add("GET", P + "/global/networks/{name}", "compute.networks.get", CatalogHandlers.GetNetwork);
}
