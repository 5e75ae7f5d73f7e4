namespace Kiln.Core.Cloud;

/// <summary>Which images of a family count as its generations: the next bake's source, what a deploy rolls out, what
/// retention counts. Not a half-made image (`kiln:temporary=true`: still baking or under test), and not one whose tests
/// failed (`kiln:tests=failed`, kept by --keep-failed). An image without `kiln:tests` counts as it always did.</summary>
public static class Generations
{
    public const string Passed = "passed", Failed = "failed";

    public static bool IsTemporary(CloudImage image) =>
        image.Tags.TryGetValue(KilnTags.Temporary, out var t) && t == "true";

    public static bool FailedTests(CloudImage image) =>
        image.Tags.TryGetValue(KilnTags.Tests, out var t) && t == Failed;

    /// <summary>Available, complete, and not failed its tests.</summary>
    public static bool Counts(CloudImage image) =>
        image.State == ImageState.Available && !IsTemporary(image) && !FailedTests(image);
}
