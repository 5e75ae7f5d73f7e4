using System.Text;
using static Kiln.EndToEnd.Tests.Reliability.BadInputs.BadInput;

namespace Kiln.EndToEnd.Tests.Reliability.BadInputs;

/// <summary>The corpus: CLI arguments, kiln.yml, Packer templates and var files; shell metacharacters, path traversal,
/// non-ASCII, huge and empty files. Every case must end with exit 2, a message that says what is wrong, no stack
/// trace, and the local cloud exactly as it was.</summary>
public static class BadInputCases
{
    private const string Tiny = "{dir}";
    private static string[] Bake(string account, string env, string category, params string[] more) =>
        ["bake", account, env, category, "--dir", Tiny, .. more];
    private static string[] BakeWith(params string[] more) => Bake("bad", "dev", "api", more);
    private static BadInput Yml(string name, string yml, string expect) => new(name, BakeWith(), expect, File("kiln.yml", yml));
    private const string Builder = "\"type\":\"amazon-ebs\",\"instance_type\":\"t2.nano\",\"region\":\"ap-northeast-1\",\"source_ami\":\"ami-1\",\"ssh_username\":\"ec2-user\"";

    public static readonly BadInput[] All =
    [
        // The command line of kiln bake
        new("bake without arguments", ["bake"], "missing required argument 'ACCOUNT'"),
        new("bake without a category", ["bake", "hoge", "dev"], "missing required argument 'CATEGORY'"),
        new("bake with a fourth argument", Bake("hoge", "dev", "api", "extra"), "'extra'"),
        new("bake with an option it does not have", BakeWith("--cloud", "aws"), "cloud"),
        new("account with a semicolon", Bake("ho;ge", "dev", "api"), "account 'ho;ge' may hold only"),
        new("account with a command substitution", Bake("hoge$(touch pwned)", "dev", "api"), "may hold only"),
        new("account with backquotes", Bake("hoge`touch pwned`", "dev", "api"), "may hold only"),
        new("env with path traversal", Bake("hoge", "../../etc", "api"), "env '../../etc' may hold only"),
        new("category with a pipe", Bake("hoge", "dev", "api|rm -rf /"), "category 'api|rm -rf /' may hold only"),
        new("account in Japanese", Bake("ほげ", "dev", "api"), "account 'ほげ' may hold only"),
        new("account in upper case", Bake("HOGE", "dev", "api"), "account 'HOGE' may hold only"),
        new("empty account", Bake("", "dev", "api"), "account is empty"),
        new("account of 300 characters", Bake(new string('a', 300), "dev", "api"), "longer than 40 characters"),
        new("account with a newline", Bake("ho\nge", "dev", "api"), "may hold only"),
        new("env with a space", Bake("hoge", "d ev", "api"), "env 'd ev' may hold only"),
        new("keep 0", BakeWith("--keep", "0"), "--keep must be at least 1"),
        new("keep -1", BakeWith("--keep", "-1"), "--keep must be at least 1"),
        new("keep that is not a number", BakeWith("--keep", "abc"), "--keep 'abc' is not a whole number"),
        new("keep past Int32", BakeWith("--keep", "99999999999"), "--keep '99999999999' is not a whole number"),
        new("dir that does not exist", Bake("hoge", "dev", "api", "--dir", "/nonexistent-kiln-dir"), "'/nonexistent-kiln-dir' does not exist"),
        new("dir that is a file", ["bake", "hoge", "dev", "api", "--dir", "{dir}/playbooks/dev.yml"], "does not exist"),
        new("env without a playbook", Bake("hoge", "prd", "api"), "env 'prd' has no playbook"),
        new("source image that does not exist", BakeWith("--source", "ami-0123456789abcdef0"), "ami-0123456789abcdef0 does not exist"),
        new("source with shell metacharacters", BakeWith("--source", "x; rm -rf /"), "--source must be an image id"),
        new("unknown ansible strategy", BakeWith("--ansible-strategy", "turbo"), "--ansible-strategy 'turbo' is not known"),

        // kiln.yml
        Yml("empty kiln.yml", "", "is empty"),
        new("kiln.yml of 2 MB", BakeWith(), "over 1 MB", File("kiln.yml", () => Repeat("# padding\n", 2 * 1024 * 1024))),
        Yml("kiln.yml that is not YAML", ": : :", "YAML syntax error"),
        Yml("kiln.yml indented with a tab", "ansible:\n\tplaybook: x", "YAML syntax error"),
        Yml("kiln.yml with two documents", "keep: 3\n---\nkeep: 4", "a second YAML document"),
        Yml("kiln.yml with an unknown key", "colour: red", "unknown option 'colour'"),
        new("kiln.yml that is not UTF-8", BakeWith(), "kiln.yml", File("kiln.yml", () => [0x6b, 0x65, 0x65, 0x70, 0x3a, 0x20, 0xff, 0xfe, 0x0a])),
        new("kiln.yml of random bytes", BakeWith(), "kiln.yml", File("kiln.yml", () => Random(4096, 7))),
        Yml("family with path traversal", "family: \"../../etc\"", "family '../../etc' may hold only"),
        Yml("family in Japanese", "family: ほげ-base", "family 'ほげ-base' may hold only"),
        Yml("family with an unknown placeholder", "family: \"{nope}-base\"", "unknown placeholder {nope}"),
        Yml("image name with shell metacharacters", "image_name: \"{family}-{stamp}; rm -rf /\"", "image name"),
        Yml("playbook outside the directory", "ansible: {playbook: ../../../etc/passwd}", "leaves the playbook directory"),
        Yml("keep 0 in kiln.yml", "keep: 0", "keep must be at least 1"),
        Yml("keep as a word", "keep: \"three\"", "expected an integer"),
        Yml("instance type with a command", "instance_type: \"t2.nano; reboot\"", "is not an instance type"),
        Yml("ssh port out of range", "ssh_port: 70000", "out of range"),
        Yml("ssh timeout that is not a duration", "ssh_timeout: forever", "expected a duration"),
        Yml("negative root volume", "root_volume: {size_gb: -1}", "out of range"),
        Yml("tag with the kiln: prefix", "tags: {\"kiln:run-id\": x}", "reserved prefix"),
        Yml("tag with the aws: prefix", "tags: {\"aws:x\": y}", "reserved prefix"),
        Yml("region that does not exist", "region: \"mars-1\"", "is not a region name"),
        Yml("unknown cloud", "cloud: mars", "'mars' is not a cloud"),
        Yml("unknown strategy in kiln.yml", "ansible: {strategy: warp}", "'warp' is not a strategy"),
        Yml("shell provisioner without a command", "provisioners: [{type: shell}]", "needs inline, script or scripts"),
        Yml("file provisioner reading /etc/shadow by ..", "provisioners: [{type: file, source: ../../etc/shadow, destination: /tmp/x}]", "leaves the playbook directory"),
        Yml("shell script outside the directory", "provisioners: [{type: shell, script: ../outside.sh}]", "leaves the playbook directory"),
        Yml("unknown provisioner type", "provisioners: [{type: banana}]", "'banana' is not a provisioner type"),
        Yml("vault password file that does not exist", "ansible: {vault_password_file: nothere.txt}", "does not exist"),
        Yml("login user with a command", "ssh_user: \"root; id\"", "is not a login name"),
        Yml("base image that does not exist", "base_image: ami-00000000000000000", "ami-00000000000000000 does not exist"),

        // Tags that select no task of the playbook (ansible-playbook --list-tasks): the image would carry nothing of it
        new("category with a typo", Bake("hoge", "dev", "ap"), "dev.yml, so the image would carry nothing of it. Its tags: dev-api; did you mean dev-api?"),
        Yml("kiln.yml tags that select no task", "ansible: {tags: [web, dev-apj]}", "--tags web,dev-apj selects no task"),
        new("kiln.yml without tags, playbook without a task", BakeWith(), "has no task to run", new Dictionary<string, Func<byte[]>>
        {
            ["kiln.yml"] = () => Encoding.UTF8.GetBytes("ansible: {tags: [], playbook: playbooks/empty.yml}"),
            ["playbooks/empty.yml"] = () => Encoding.UTF8.GetBytes("- hosts: all\n  gather_facts: false\n  tasks: []\n"),
        }),

        // Packer templates and var files (kiln validate reads them as kiln build does)
        new("template that does not exist", ["validate", "missing.json"], "'missing.json' does not exist"),
        new("empty template", ["validate", "t.json"], "the file is empty", File("t.json", "")),
        new("template of 11 MB", ["validate", "t.json"], "over 10 MB", File("t.json", () => Repeat(" ", 11 * 1024 * 1024))),
        new("template with broken JSON", ["validate", "t.json"], "JSON syntax error", File("t.json", "{\"builders\": [")),
        new("template of random bytes", ["validate", "t.json"], "JSON syntax error", File("t.json", () => Random(2048, 11))),
        new("template that is a list", ["validate", "t.json"], "must be a JSON object", File("t.json", "[1, 2]")),
        new("template without builders", ["validate", "t.json"], "at least one builder", File("t.json", "{}")),
        new("template with an unsupported builder", ["validate", "t.json"], "'virtualbox-iso' is not supported", File("t.json", "{\"builders\":[{\"type\":\"virtualbox-iso\"}]}")),
        new("template with an unterminated expression", ["validate", "t.json"], "unterminated", File("t.json", "{\"builders\":[{" + Builder + ",\"ami_name\":\"{{user `x\"}]}")),
        new("template by path traversal", ["validate", "../../../../../../etc/passwd"], "JSON syntax error"),
        new("var file that does not exist", ["validate", "-var-file", "missing.json", "packer.json"], "-var-file 'missing.json' does not exist"),
        new("var file with an unquoted secret", ["validate", "-var-file", "v.json", "packer.json"], "an unquoted word is not a JSON value",
            File("v.json", "{\"secret_key\": tru3-s3cr3t-value}"), Hidden: "tru3-s3cr3t-value"),
        new("var file that is a list", ["validate", "-var-file", "v.json", "packer.json"], "must hold a JSON object", File("v.json", "[1, 2]")),
        new("var file with a list value", ["validate", "-var-file", "v.json", "packer.json"], "must be strings", File("v.json", "{\"a\": [1]}")),
        new("empty var file", ["validate", "-var-file", "v.json", "packer.json"], "the file is empty", File("v.json", "")),
        new("var file of 2 MB", ["validate", "-var-file", "v.json", "packer.json"], "over 1 MB", File("v.json", () => Repeat(" ", 2 * 1024 * 1024))),
        new("-var without a value", ["validate", "-var", "novalue", "packer.json"], "must be NAME=VALUE"),

        // kiln build: the same reading, then a bake; nothing may start
        new("build without a template", ["build"], "missing required argument 'TEMPLATE'"),
        new("build of a template that does not exist", ["build", "missing.json"], "'missing.json' does not exist"),
        new("build of an empty template", ["build", "t.json"], "the file is empty", File("t.json", "   \n")),
        new("build with a var file holding an unquoted secret", ["build", "-var-file", "v.json", "packer.json"], "an unquoted word is not a JSON value",
            File("v.json", "{\"secret_key\": tru3-s3cr3t-value}"), Hidden: "tru3-s3cr3t-value"),
        new("build of a builder the template lacks", ["build", "-only", "nope", "packer.json"], "'nope', which is not a builder"),
        new("build with an unknown on-error mode", ["build", "-on-error=explode", "packer.json"], "-on-error=explode is not a mode"),
        new("build with an unsupported builder", ["build", "t.json"], "'virtualbox-iso' is not supported", File("t.json", "{\"builders\":[{\"type\":\"virtualbox-iso\"}]}")),

        // Other commands
        new("images without a family", ["images"], "missing required argument 'FAMILY'"),
        new("images of a family with a semicolon", ["images", "x;y"], "family 'x;y' may hold only"),
        new("prune keeping 0", ["prune", "hoge-dev-api-base", "--keep", "0"], "--keep 0"),
        new("prune keeping a word", ["prune", "hoge-dev-api-base", "--keep", "abc"], "--keep 'abc' is not a whole number"),
        new("runs show of an unknown run", ["runs", "show", "kiln-../../etc"], "no run 'kiln-../../etc'"),
        new("runs with a negative limit", ["runs", "--limit", "-5"], "--limit -5 is out of range"),
        new("gc on an unknown cloud", ["gc", "--cloud", "mars"], "--cloud 'mars' is not known"),
        new("gc on AWS in a region with a command", ["gc", "--cloud", "aws", "--region", "mars; x"], "is not an AWS region"),
        new("local cloud on a public address", ["local-cloud", "serve", "--listen", "0.0.0.0:4580"], "is not a loopback address"),
        new("local cloud with an unknown fault", ["local-cloud", "serve", "--faults", "bogus=1"], "'bogus' is not a fault"),
        new("unknown command", ["frobnicate"], "Unknown command 'frobnicate'"),
    ];

    public static TheoryData<string> Names()
    {
        var data = new TheoryData<string>();
        foreach (var c in All) data.Add(c.Name);
        return data;
    }
}
