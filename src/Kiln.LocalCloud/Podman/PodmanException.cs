namespace Kiln.LocalCloud.Podman;

public sealed class PodmanException(string message) : Exception(message);
