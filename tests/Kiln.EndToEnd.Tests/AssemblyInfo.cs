// Kiln runs on Linux (podman, /proc, POSIX file modes); the end-to-end tests do too.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// Four tests at a time, not one per core: most of a test's time is spent waiting (for instances, Ansible's own
// sleeps, the next minute of an image name, a health check's interval) rather than on the CPU, and each collection
// bakes in a home of its own.
[assembly: Xunit.CollectionBehavior(MaxParallelThreads = 4)]
