// Kiln runs on Linux (podman, /proc, POSIX file modes); the end-to-end tests do too.
[assembly: System.Runtime.Versioning.SupportedOSPlatform("linux")]

