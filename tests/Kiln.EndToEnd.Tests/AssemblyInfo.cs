// Kiln runs on Linux (podman, /proc, POSIX file modes); the end-to-end tests do too.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

// Three tests at a time, not one per core: much of a test's time is spent waiting (for an instance's sshd, a pause
// point, a kill's gc, a health check's interval) rather than on the CPU, and each collection bakes in a home of its
// own. Four at a time, beside the local cloud project's two, timed tests out on a 2-core machine.
[assembly: Xunit.CollectionBehavior(MaxParallelThreads = 3)]
