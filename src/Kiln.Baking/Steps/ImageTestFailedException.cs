namespace Kiln.Baking.Steps;

/// <summary>A test of the new image failed: its message names the test and ends with its output.</summary>
public sealed class ImageTestFailedException(string message) : Exception(message);
