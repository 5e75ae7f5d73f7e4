using Kiln.Core.Naming;

namespace Kiln.Baking.Tests.Integration;

/// <summary>Families of one test's own, so runs sharing the fixture's KILN_HOME never see each other's images;
/// <see cref="DropAsync"/> removes their images when the test ends.</summary>
internal sealed class TestFamilies(LocalCloudFixture cloud)
{
    private readonly List<Family> _made = [];

    public Family New()
    {
        var family = Bakes.NewFamily();
        lock (_made) _made.Add(family);
        return family;
    }

    public async Task DropAsync()
    {
        foreach (var family in _made) await Bakes.DropFamilyAsync(cloud.Cloud, family);
    }
}
