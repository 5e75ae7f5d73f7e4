using Kiln.Templates.Packer;

namespace Kiln.Templates.Tests.Packer;

/// <summary>Bad templates: each problem names the file, line, column, JSON path and what to do.</summary>
public class PackerErrorTests
{
    private static string With(string builderExtra, string rest = "") =>
        $$"""{"builders": [{{PackerTestKit.Builder(builderExtra)}}]{{rest}}}""";

    [Fact]
    public void A_json_syntax_error_gives_line_and_column()
    {
        using var kit = new PackerTestKit();
        var problem = Assert.Single(kit.Problems("{\n  \"builders\": [],\n}\n"));
        Assert.StartsWith("t.json:3:1: JSON syntax error:", problem);
    }

    [Theory]
    [InlineData("\"ssh_port\": \"abc\"", "t.json:1:212: builders[0].ssh_port: expected an integer, got \"abc\"")]
    [InlineData("\"ssh_port\": 70000", "builders[0].ssh_port: 70000 is out of range: expected 1 to 65535")]
    [InlineData("\"ssh_timeout\": \"5 minutes\"", "builders[0].ssh_timeout: expected a duration such as \"5m\" or \"30s\", got \"5 minutes\"")]
    [InlineData("\"force_deregister\": \"maybe\"", "builders[0].force_deregister: expected true or false, got \"maybe\"")]
    [InlineData("\"tags\": [\"a\"]", "builders[0].tags: expected an object of strings, got a list")]
    [InlineData("\"ssh_usernam\": \"x\"", "t.json:1:200: builders[0].ssh_usernam: unknown option 'ssh_usernam' for builder 'amazon-ebs' (amazon-ebs) (did you mean 'ssh_username'?)")]
    [InlineData("\"bogus\": 1", "builders[0].bogus: unknown option 'bogus' for builder 'amazon-ebs' (amazon-ebs)")]
    [InlineData("\"block_duration_minutes\": 60", "builders[0].block_duration_minutes: 'block_duration_minutes' is a builder 'amazon-ebs' (amazon-ebs) option Kiln does not support: EC2 no longer offers spot blocks")]
    [InlineData("\"communicator\": \"winrm\"", "communicator 'winrm' is not supported")]
    [InlineData("\"region\": \"tokyo\"", "builders[0].region: 'tokyo' is not an AWS region (such as ap-northeast-1)")]
    [InlineData("\"instance_type\": \"t2 nano\"", "'t2 nano' is not an instance type")]
    [InlineData("\"source_ami\": \"image-1\"", "'image-1' is not an image id (ami-…)")]
    [InlineData("\"ami_name\": \"bad|name\"", "image name 'bad|name' may hold only letters")]
    [InlineData("\"ami_name\": \"{{ nope }}\"", "builders[0].ami_name: {{ nope }}: function \"nope\" not defined")]
    [InlineData("\"ami_name\": \"{{ clean_resource_name }}\"", "wrong number of args for clean_resource_name")]
    [InlineData("\"source_ami_filter\": {\"filters\": {\"name\": \"x-*\"}}", "source_ami_filter must name owners")]
    [InlineData("\"ami_block_device_mappings\": [{\"device_name\": \"/dev/xvda\"}, {\"device_name\": \"/dev/xvdb\"}]", "Kiln's images have one root volume")]
    [InlineData("\"ami_block_device_mappings\": [{\"device_name\": \"/dev/xvda\", \"volume_size\": \"big\"}]", "builders[0].ami_block_device_mappings[0].volume_size: expected an integer, got \"big\"")]
    [InlineData("\"ami_block_device_mappings\": [{\"device_name\": \"/dev/xvda\", \"encrypted\": true}]", "'encrypted' is a ami_block_device_mappings option Kiln does not support")]
    [InlineData("\"user_data_file\": \"nope.sh\"", "user_data_file 'nope.sh' does not exist")]
    [InlineData("\"temporary_security_group_source_cidrs\": [\"10.0.0.0/33\"]", "'10.0.0.0/33' is not a CIDR block")]
    [InlineData("\"access_key\": \"AKIA\"", "give access_key and secret_key together")]
    [InlineData("\"ssh_interface\": \"session_manager\"", "session_manager is not supported")]
    [InlineData("\"temporary_key_pair_type\": \"dsa\"", "'dsa' is not a key pair type")]
    [InlineData("\"shutdown_behavior\": \"halt\"", "'halt' is not a shutdown_behavior")]
    public void A_bad_builder_option_is_named_with_its_position(string option, string expected)
    {
        using var kit = new PackerTestKit();
        Assert.Contains(kit.Problems(With(option)), p => p.Contains(expected));
    }

    [Theory]
    [InlineData("""{"type": "docker", "image": "x"}""", "t.json:1:24: builders[0].type: builder type 'docker' is not supported by Kiln")]
    [InlineData("""{"type": "amazon-ebss"}""", "builders[0].type: unknown builder type 'amazon-ebss'")]
    [InlineData("""{"name": "x"}""", "builder 1 is missing its 'type'")]
    public void An_unknown_or_unsupported_builder_is_named(string builder, string expected)
    {
        using var kit = new PackerTestKit();
        Assert.Contains(kit.Problems($$"""{"builders": [{{builder}}]}"""), p => p.Contains(expected));
    }

    [Theory]
    [InlineData("""{"type": "puppet-masterless"}""", "provisioners[0].type: provisioner type 'puppet-masterless' is not supported by Kiln")]
    [InlineData("""{"type": "salty"}""", "unknown provisioner type 'salty'")]
    [InlineData("""{"inline": ["x"]}""", "provisioner 1 is missing its 'type'")]
    [InlineData("""{"type": "shell"}""", "a shell provisioner needs inline, script or scripts")]
    [InlineData("""{"type": "shell", "inline": ["a"], "script": "s.sh"}""", "script 's.sh' does not exist")]
    [InlineData("""{"type": "shell", "inline": ["a"], "environment_vars": ["NOEQUALS"]}""", "'NOEQUALS' is not in the form key=value")]
    [InlineData("""{"type": "ansible-local"}""", "ansible-local needs playbook_file or playbook_files")]
    [InlineData("""{"type": "ansible-local", "playbook_file": "play.yml", "playbook_files": ["play.yml"]}""", "give playbook_file or playbook_files, not both")]
    [InlineData("""{"type": "ansible-local", "playbook_file": "play.yml", "role_paths": ["roles/web"]}""", "provisioners[0].role_paths: role_paths 'roles/web' does not exist")]
    [InlineData("""{"type": "ansible-local", "playbook_file": "play.yml", "group_vars": "play.yml"}""", "group_vars 'play.yml' is a file, not a directory")]
    [InlineData("""{"type": "ansible-local", "playbook_file": "play.yml", "staging_directory": "stage"}""", "staging_directory 'stage' must be an absolute path on the instance")]
    [InlineData("""{"type": "shell", "inline": ["a"], "remote_path": "x.sh"}""", "remote_path \"x.sh\" must be an absolute path on the instance")]
    [InlineData("""{"type": "file", "source": "missing.txt", "destination": "/tmp/x"}""", "source 'missing.txt' does not exist")]
    [InlineData("""{"type": "file", "source": "play.yml"}""", "destination is required")]
    [InlineData("""{"type": "file", "source": "play.yml", "destination": "/x", "direction": "sideways"}""", "'sideways' is not a direction")]
    [InlineData("""{"type": "ansible"}""", "playbook_file is required")]
    [InlineData("""{"type": "ansible", "playbook_file": "playbooks/qa.yml"}""", "provisioners[0].playbook_file: playbook_file 'playbooks/qa.yml' does not exist")]
    [InlineData("""{"type": "ansible", "playbook_file": "play.yml", "extra_arguments": ["--vault-password-file", "gone.txt"]}""", "the vault password file 'gone.txt' does not exist")]
    [InlineData("""{"type": "ansible", "playbook_file": "play.yml", "extra_arguments": ["--vault-id=dev@gone.txt"]}""", "the vault password file 'gone.txt' does not exist")]
    [InlineData("""{"type": "ansible", "playbook_file": "play.yml", "inventory_file": "hosts"}""", "'inventory_file' is a provisioner 1 (ansible) option Kiln does not support")]
    [InlineData("""{"type": "ansible", "playbook_file": "play.yml", "ansible_env_vars": ["X"]}""", "'X' is not NAME=VALUE")]
    [InlineData("""{"type": "ansible", "playbook_file": "play.yml", "playbok": "x"}""", "unknown option 'playbok' for provisioner 1 (ansible)")]
    [InlineData("""{"type": "shell", "inline": ["a"], "only": ["nobody"]}""", "'nobody' is not the name of a builder (builders: amazon-ebs)")]
    [InlineData("""{"type": "shell", "inline": ["a"], "override": {"nobody": {}}}""", "'nobody' is not the name of a builder")]
    [InlineData("""{"type": "shell", "inline": ["a"], "pause_before": 10}""", "provisioners[0].pause_before: expected a duration such as \"5m\"")]
    public void A_bad_provisioner_is_named_with_its_position(string provisioner, string expected)
    {
        using var kit = new PackerTestKit();
        Assert.Contains(kit.Problems(With("", $", \"provisioners\": [{provisioner}]")), p => p.Contains(expected));
    }

    [Fact]
    public void A_missing_required_variable_says_how_to_give_it()
    {
        using var kit = new PackerTestKit();
        var problems = kit.Problems("{\"variables\": {\"source\": null},\n \"builders\": [" + PackerTestKit.Builder() + "]}");
        Assert.Equal(["t.json:1:16: variables.source: required variable 'source' is not set: give it with -var source=VALUE or in a -var-file"], problems);
    }

    [Fact]
    public void Var_files_must_hold_strings_and_exist()
    {
        using var kit = new PackerTestKit();
        kit.Dir.Write("p.json", "{\n  \"volume_size\": 50\n}");
        var problems = kit.Problems(With(""), [new PackerVarArg.VarFile("p.json"), new PackerVarArg.VarFile("gone.json")]);
        Assert.Contains("p.json:2:18: volume_size: variable values in a -var-file must be strings (write \"volume_size\": \"…\"), got a number", problems);
        Assert.Contains(problems, p => p.StartsWith("-var-file 'gone.json' does not exist"));
    }

    [Fact]
    public void Top_level_mistakes_are_named()
    {
        using var kit = new PackerTestKit();
        var problems = kit.Problems(With("", ", \"provisioner\": [], \"post-processors\": [{\"type\": \"vagrant\"}], \"_comment\": \"fine\""));
        Assert.Contains(problems, p => p.Contains("provisioner: unknown top-level key 'provisioner' (did you mean 'provisioners'?)"));
        Assert.Contains(problems, p => p.Contains("post-processors[0].type: post-processor type 'vagrant' is not supported by Kiln"));
        Assert.Equal(2, problems.Count);
    }

    [Fact]
    public void Every_problem_is_reported_at_once()
    {
        using var kit = new PackerTestKit();
        var problems = kit.Problems(With("\"ssh_port\": \"abc\", \"bogus\": true, \"ami_name\": \"{{user `x`}}\"",
            ", \"provisioners\": [{\"type\": \"ansible\", \"playbook_file\": \"gone.yml\"}, {\"type\": \"chef-solo\"}]"));
        Assert.Equal(6, problems.Count);
        Assert.Contains(problems, p => p.StartsWith("note: user variable 'x' is not set"));
    }

    [Fact]
    public void Unset_variables_are_noted_next_to_the_problems_they_cause()
    {
        using var kit = new PackerTestKit();
        var problems = kit.Problems(With("\"ami_name\": \"{{user `ami_name`}}\""));
        Assert.Contains(problems, p => p.Contains("ami_name is empty"));
        Assert.Contains(problems, p => p.StartsWith("note: user variable 'ami_name' is not set"));
    }

    [Fact]
    public void Only_and_except_must_name_builders()
    {
        using var kit = new PackerTestKit();
        Assert.Contains(kit.Problems(With(""), filter: new PackerBuildFilter(["nope"], [])), p => p.Contains("-only/-except names 'nope'"));
    }

    [Fact]
    public void Duplicate_builder_names_and_empty_builders_are_refused()
    {
        using var kit = new PackerTestKit();
        Assert.Contains(kit.Problems($$"""{"builders": [{{PackerTestKit.Builder()}}, {{PackerTestKit.Builder()}}]}"""), p => p.Contains("a builder named 'amazon-ebs' already exists"));
        Assert.Contains(kit.Problems("""{"builders": []}"""), p => p.Contains("a template needs at least one builder"));
        Assert.Contains(kit.Problems("[]"), p => p.Contains("a template must be a JSON object"));
    }

    [Fact]
    public void A_bad_KILN_CLOUD_is_refused()
    {
        using var kit = new PackerTestKit();
        kit.Env["KILN_CLOUD"] = "azure";
        Assert.Contains(kit.Problems(With("")), p => p.Contains("KILN_CLOUD='azure' is not a cloud: use local (the default), aws, gcp or local-gcp"));
    }
}
