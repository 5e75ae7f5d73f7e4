// Measures the local cloud against the figures issue 2 asks for:
//   RunInstances → SSH-ready median < 3 s; CreateImage of a stopped instance → available < 3 s;
//   DescribeImages with a name filter over 10,000 images < 200 ms.
// Run as root: dotnet run -c Release --project bench/local-cloud [-- --runs N]
using System.Diagnostics;
using Amazon.EC2;
using Amazon.EC2.Model;
using Amazon.Runtime;
using Kiln.Core;
using Kiln.LocalCloud;
using Kiln.LocalCloud.Podman;
using Kiln.LocalCloud.State;

var runs = args is ["--runs", var n] ? int.Parse(n) : 10;
var paths = new KilnPaths(Directory.CreateTempSubdirectory("kiln-bench-localcloud-").FullName);
var layout = new LocalCloudLayout(paths);
var baseImage = await LocalCloudSetup.InitAsync(paths, Console.Error, CancellationToken.None);
await using var server = await LocalCloudServer.StartAsync(paths, null, CancellationToken.None);
using var ec2 = new AmazonEC2Client(new BasicAWSCredentials(server.Credentials.AccessKey, server.Credentials.SecretKey),
    new AmazonEC2Config { ServiceURL = server.Endpoint.ToString(), AuthenticationRegion = server.Credentials.Region });
try
{
    var key = (await ec2.CreateKeyPairAsync(new CreateKeyPairRequest { KeyName = "bench" })).KeyPair;
    var keyFile = Path.Combine(paths.Home, "bench.pem");
    KilnPaths.WritePrivateFile(keyFile, key.KeyMaterial + "\n");

    var sshReady = new List<double>();
    for (var i = 0; i < runs; i++)
    {
        var clock = Stopwatch.StartNew();
        var instance = await RunAsync(baseImage.Id.Value);
        while (!(await Ssh(instance.PublicIpAddress, keyFile)).Ok) await Task.Delay(50);
        sshReady.Add(clock.Elapsed.TotalSeconds);
        await ec2.TerminateInstancesAsync(new TerminateInstancesRequest([instance.InstanceId]));
    }
    Report("RunInstances → SSH ready (ssh ec2-user@ip true)", sshReady, "s", 3);

    var imaging = new List<double>();
    for (var i = 0; i < Math.Max(3, runs / 2); i++)
    {
        var instance = await RunAsync(baseImage.Id.Value);
        await ec2.StopInstancesAsync(new StopInstancesRequest([instance.InstanceId]));
        var clock = Stopwatch.StartNew();
        var imageId = (await ec2.CreateImageAsync(new CreateImageRequest(instance.InstanceId, $"bench-image-{i}"))).ImageId;
        Image image;
        do image = (await ec2.DescribeImagesAsync(new DescribeImagesRequest { ImageIds = [imageId] })).Images[0];
        while (image.State != ImageState.Available);
        imaging.Add(clock.Elapsed.TotalSeconds);
        await ec2.TerminateInstancesAsync(new TerminateInstancesRequest([instance.InstanceId]));
        await ec2.DeregisterImageAsync(new DeregisterImageRequest(imageId));
        await ec2.DeleteSnapshotAsync(new DeleteSnapshotRequest(image.BlockDeviceMappings[0].Ebs.SnapshotId));
    }
    Report("CreateImage of a stopped instance → available", imaging, "s", 3);

    // 10,000 images as 100 families of 100 generations, written straight into the state (metadata only).
    var state = new StateStore(layout.StateDatabase);
    var seeded = Stopwatch.StartNew();
    state.Write(tx =>
    {
        var t0 = DateTimeOffset.UtcNow.AddDays(-200);
        for (var f = 0; f < 100; f++)
            for (var g = 0; g < 100; g++)
            {
                var created = t0.AddHours(g * 24 + f);
                tx.Put(new ImageRecord(ResourceIds.New("ami"), $"bench-{f:000}-dev-api-base-{created:yyyyMMdd-HHmm}", null, "available",
                    created, "ec2-user", [new BlockDevice("/dev/xvda", ResourceIds.New("snap"), 50)],
                    new Dictionary<string, string> { ["kiln:family"] = $"bench-{f:000}-dev-api-base" }));
            }
    });
    Console.WriteLine($"seeded 10,000 images in {seeded.Elapsed.TotalMilliseconds:F0} ms");
    await Describe("DescribeImages name=bench-042-dev-api-base-* (100 of 10,000)", "bench-042-dev-api-base-*");
    await Describe("DescribeImages name=*-042-dev-api-base-2026* (no prefix: scan)", "*-042-dev-api-base-*");
    var all = new List<double>();
    for (var i = 0; i < 5; i++)
    {
        var c = Stopwatch.StartNew();
        await ec2.DescribeImagesAsync(new DescribeImagesRequest { Owners = ["self"] });
        all.Add(c.Elapsed.TotalMilliseconds);
    }
    Report("DescribeImages, no filter (all 10,001 images)", all, "ms", null);
}
finally
{
    await server.DisposeAsync();
    var podman = new PodmanClient();
    foreach (var name in (await podman.ListContainersAsync($"kiln.home={layout.HomeHash}", CancellationToken.None)).Keys)
        await podman.RemoveContainerAsync(name, CancellationToken.None);
    foreach (var tag in await podman.ListImagesAsync(layout.ImageRepository, CancellationToken.None))
        await podman.RemoveImageAsync(tag, CancellationToken.None);
    Directory.Delete(paths.Home, recursive: true);
}

async Task Describe(string what, string pattern)
{
    var times = new List<double>();
    for (var i = 0; i < 20; i++)
    {
        var c = Stopwatch.StartNew();
        var r = await ec2.DescribeImagesAsync(new DescribeImagesRequest
        {
            Owners = ["self"], Filters = [new Amazon.EC2.Model.Filter("name", [pattern])],
        });
        times.Add(c.Elapsed.TotalMilliseconds);
        if (r.Images.Count != 100) throw new InvalidOperationException($"{what}: {r.Images.Count} images, expected 100");
    }
    Report(what, times, "ms", 200);
}

async Task<Instance> RunAsync(string image) =>
    (await ec2.RunInstancesAsync(new RunInstancesRequest { ImageId = image, MinCount = 1, MaxCount = 1, KeyName = "bench" }))
    .Reservation.Instances[0];

static Task<ProcessResult> Ssh(string address, string keyFile) => ProcessRunner.RunAsync("ssh",
    ["-i", keyFile, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes",
     "-o", "ConnectTimeout=2", "-o", "LogLevel=ERROR", $"ec2-user@{address}", "true"], CancellationToken.None);

static void Report(string what, List<double> values, string unit, double? goal)
{
    var sorted = values.Order().ToList();
    var median = sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    var verdict = goal is null ? "" : median < goal ? $"  (goal < {goal} {unit}: met)" : $"  (goal < {goal} {unit}: MISSED)";
    Console.WriteLine($"{what}: median {median:F2} {unit}, min {sorted[0]:F2}, max {sorted[^1]:F2}, n={sorted.Count}{verdict}");
}
