using System.ComponentModel;
using Kiln.Baking;
using Kiln.Cli.Commands.Bake;
using Kiln.Cli.Infrastructure;
using Kiln.Core;
using Kiln.Templates.Packer;
using Kiln.Templates.Packer.PostProcessors;
using Spectre.Console.Cli;

namespace Kiln.Cli.Commands.Build;

/// <summary>`kiln build [-var K=V]... [-var-file F]... [-only N] [-except N] [-on-error cleanup] [-machine-readable]
/// [-timestamp-ui] TEMPLATE`: a Packer template (JSON or HCL2) run unchanged on Kiln's bake engine (same steps, cleanup
/// guarantees and history as `kiln bake`). Builds run one after another.</summary>
public sealed class BuildCommand : AsyncCommand<BuildCommand.Settings>
{
    public sealed class Settings : CommandSettings
    {
        [CommandArgument(0, "<TEMPLATE>")] [Description("a Packer template: JSON, *.pkr.hcl, *.pkr.json or a directory of HCL2 files")]
        public string Template { get; init; } = "";
        [CommandOption("--var <NAME=VALUE>")] [Description("set a user variable (also -var); later -var/-var-file win")]
        public string[]? Vars { get; init; }
        [CommandOption("--var-file <FILE>")] [Description("a JSON file of user variables (also -var-file)")]
        public string[]? VarFiles { get; init; }
        [CommandOption("--only <NAMES>")] [Description("build only these builders (comma-separated)")]
        public string[]? Only { get; init; }
        [CommandOption("--except <NAMES>")] [Description("build all builders but these (comma-separated)")]
        public string[]? Except { get; init; }
        [CommandOption("--on-error <MODE>")] [Description("cleanup (default): Kiln always removes what a failed build made")]
        public string OnError { get; init; } = "cleanup";
        [CommandOption("--machine-readable")] [Description("Packer's timestamp,target,type,data lines")]
        public bool MachineReadable { get; init; }
        [CommandOption("--timestamp-ui")] [Description("prefix each output line with its time")]
        public bool TimestampUi { get; init; }
        [CommandOption("--force")] [Description("replace images of the same name (force_deregister) and start manifests afresh, as Packer's -force")]
        public bool Force { get; init; }
        [CommandOption("--db <DB>")] [Description("history database (default KILN_HOME/history.db)")]
        public string? Db { get; init; }
    }

    public override async Task<int> ExecuteAsync(CommandContext context, Settings s, CancellationToken cancellationToken)
    {
        if (s.OnError != "cleanup")
            throw new KilnInputException(s.OnError is "abort" or "ask" or "run-cleanup-provisioner"
                ? $"-on-error={s.OnError} is not supported: Kiln always cleans up after a failed build, so nothing is left running or billed; the run's log (`kiln runs log RUN`) keeps what you need to debug. Use -on-error=cleanup or leave it out."
                : $"-on-error={s.OnError} is not a mode: use cleanup");
        var clock = TimeProvider.System;
        var plan = PackerTemplates.Read(s.Template, PackerFlags.OrderedVars(context.Arguments),
            new PackerBuildFilter(PackerFlags.Names(s.Only), PackerFlags.Names(s.Except)), clock, Environment.GetEnvironmentVariables());
        using var machine = s.MachineReadable ? new MachineReadableWriter(Console.Out, clock) : null;
        TextWriter console = machine ?? (s.TimestampUi ? new TimestampWriter(Console.Out, clock) : Console.Out);
        foreach (var warning in plan.Warnings) console.WriteLine($"Warning: {warning}");
        using var cancel = new Cancellation(cancellationToken);
        var exit = ExitCodes.Ok;
        // Packer's PACKER_RUN_UUID: one per `packer build`, shared by its builds; manifests use it to tell runs apart.
        var runUuid = Guid.NewGuid().ToString();
        foreach (var built in plan.Builds)
        {
            var spec = s.Force ? built with { ForceDeregister = true } : built;
            var result = await BakeRunner.RunAsync(spec, plan.Secrets, "build", string.Join(' ', context.Arguments), s.Db, console, cancel.Token);
            if (machine is null) BakeOutput.Print(result, json: false);
            else Artifact(machine, spec, result);
            if (!result.Succeeded) exit = BakeOutput.ExitCode(result);
            if (result.Outcome == Kiln.Core.Runs.RunOutcome.Cancelled) break;
            if (!result.Succeeded) continue;
            // A JSON template's post-processors; an HCL template's manifest, written the same way.
            IReadOnlyList<PackerPostProcessor> pps = plan.PostProcessors.TryGetValue(spec.BuildName, out var own) ? own
                : plan.Manifests.TryGetValue(spec.BuildName, out var m) ? [new ManifestPostProcessor(m.Output, m.StripPath, m.StripTime, m.CustomData)]
                : [];
            if (await PostProcessing.RunAsync(pps, spec, result, runUuid, s.Force, console, cancel.Token) is { } failed)
            {
                console.WriteLine($"Build '{spec.BuildName}' errored: {failed}");
                exit = ExitCodes.Failed;
            }
        }
        return exit;
    }

    /// <summary>The artifact lines Packer's builders print; wrappers look for `artifact,0,id,REGION:AMI` (amazon-ebs)
    /// or `artifact,0,id,IMAGE` (googlecompute).</summary>
    private static void Artifact(MachineReadableWriter w, Kiln.Core.Baking.BakeSpec spec, BakeResult result)
    {
        var build = spec.BuildName;
        if (!result.Succeeded) { w.Emit(build, "error", result.Error ?? "build failed"); return; }
        w.Emit(build, "artifact-count", "1");
        if (spec.Cloud.IsGce)
        {
            // Packer's googlecompute artifact: the image's name is its id.
            w.Emit(build, "artifact", "0", "builder-id", "packer.googlecompute");
            w.Emit(build, "artifact", "0", "id", result.Image?.Value ?? "");
            w.Emit(build, "artifact", "0", "string", $"A disk image was created: {result.Image}");
            w.Emit(build, "artifact", "0", "files-count", "0");
            w.Emit(build, "artifact", "0", "end");
            return;
        }
        w.Emit(build, "artifact", "0", "builder-id", "mitchellh.amazonebs");
        var images = PostProcessing.Images(spec, result).OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList();
        w.Emit(build, "artifact", "0", "id", string.Join(',', images.Select(kv => $"{kv.Key}:{kv.Value}")));
        w.Emit(build, "artifact", "0", "string", "AMIs were created:\n" + string.Concat(images.Select(kv => $"{kv.Key}: {kv.Value}\n")));
        w.Emit(build, "artifact", "0", "files-count", "0");
        w.Emit(build, "artifact", "0", "end");
    }
}
