using System.Globalization;
using System.Text.Json;
using Kiln.Core;
using Kiln.Core.Cloud;
using Kiln.LocalCloud.Filtering;
using Kiln.LocalCloud.State;
using Microsoft.Data.Sqlite;

namespace Kiln.LocalCloud;

/// <summary>
/// The local cloud's images read straight from its state, for commands that only list them (`kiln images`). The same
/// rows DescribeImages answers with for `Owner=self` and a `name` filter, without an endpoint, HTTP and 11 MB of XML
/// for a 10,000-image family (1.5 s through the SDK). SQLite picks out the few fields a listing shows
/// (json_extract), so no row is decoded whole. Anything that changes the cloud, and every read on the way to a
/// change, still goes through the EC2 API; a test checks this listing against DescribeImages field for field.
/// </summary>
public static class LocalImageCatalog
{
    /// <param name="region">Only images served there (a copy lives in its own region; the base image in all),
    /// as DescribeImages in that region answers; null: every region.</param>
    public static IReadOnlyList<CloudImage> FindImages(KilnPaths paths, string nameFilter, string? region = null)
    {
        // The state file is enough to list from (IsInitialized's look for the base image reads every image row).
        var layout = new LocalCloudLayout(paths);
        if (!File.Exists(layout.CredentialsFile) || !File.Exists(layout.StateDatabase)) throw LocalCloudServer.NotInitialized();
        using var connection = new SqliteConnection(new SqliteConnectionStringBuilder
        {
            DataSource = layout.StateDatabase, Mode = SqliteOpenMode.ReadOnly, DefaultTimeout = 30,
        }.ToString());
        connection.Open();
        using var command = connection.CreateCommand();
        command.CommandText = """
            SELECT id, name, json_extract(json, '$.state'), json_extract(json, '$.created'), json_extract(json, '$.description'),
                   (SELECT group_concat(json_extract(b.value, '$.snapshotId'), ' ') FROM json_each(objects.json, '$.blockDevices') b),
                   json_extract(json, '$.tags')
            FROM objects WHERE kind = 'image' AND name GLOB $glob
              AND ($region IS NULL OR coalesce(json_extract(json, '$.region'), $region) = $region)
            ORDER BY created, id
            """;
        command.Parameters.AddWithValue("$glob", Wildcard.ToGlob(nameFilter));
        command.Parameters.AddWithValue("$region", (object?)region ?? DBNull.Value);
        var images = new List<CloudImage>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            var name = reader.GetString(1);
            if (!Wildcard.IsMatch(nameFilter, name)) continue;
            images.Add(new CloudImage(new ImageId(reader.GetString(0)), name, ImageStates.FromEc2(reader.GetString(2)),
                DateTimeOffset.Parse(reader.GetString(3), CultureInfo.InvariantCulture),
                reader.IsDBNull(5) ? [] : reader.GetString(5).Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(s => new SnapshotId(s)).ToList(),
                reader.IsDBNull(6) ? new Dictionary<string, string>() : JsonSerializer.Deserialize<Dictionary<string, string>>(reader.GetString(6))!,
                reader.IsDBNull(4) ? null : reader.GetString(4), LocalAccount.Id));
        }
        return images;
    }
}
