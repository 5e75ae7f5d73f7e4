using Kiln.Templates.Hcl;

namespace Kiln.Templates.Tests.Hcl;

/// <summary>HCL's native expression syntax (hclsyntax/spec.md), case by case: each expression with the value it
/// gives (as JSON) or the error it must raise (a line starting with `!` and a part of the message).</summary>
public class HclExpressionTests
{
    private static readonly HclContext Context = MakeContext();

    private static HclContext MakeContext()
    {
        var source = new HclSource("vars.hcl", """
            x = {
              name  = "web"
              size  = "50"
              list  = ["a", "b", "c"]
              n     = 3
              map   = { a = 1, b = 2 }
              objs  = [{ name = "x", id = 1 }, { name = "y", id = 2 }]
              empty = null
              flag  = true
              nested = { inner = { deep = "yes" } }
              words = ["b", "a", "b", "c"]
            }
            """);
        var body = HclParser.ParseFile(source);
        var x = HclEvaluator.Evaluate(body.Attribute("x")!.Expr, new HclContext());
        var functions = HclFunctions.Create(new HclFunctionHost("/tmp", new DateTimeOffset(2018, 3, 1, 9, 7, 5, TimeSpan.Zero)));
        return new HclContext(new Dictionary<string, HclValue> { ["var"] = x, ["s"] = HclValue.Of("hello") }, functions);
    }

    public static TheoryData<string, string> Cases => new()
    {
        // literals
        { "1", "1" }, { "1.5", "1.5" }, { "1e3", "1000" }, { "1.5E-1", "0.15" }, { "0", "0" }, { "007", "7" },
        { "true", "true" }, { "false", "false" }, { "null", "null" },
        { "\"\"", "\"\"" }, { "\"abc\"", "\"abc\"" }, { "\"a\\nb\"", "\"a\\nb\"" }, { "\"tab\\there\"", "\"tab\\there\"" },
        { "\"q\\\"q\"", "\"q\\\"q\"" }, { "\"back\\\\slash\"", "\"back\\\\slash\"" }, { "\"\\u00e9\"", "\"é\"" }, { "\"\\U0001F600\"", "\"😀\"" },
        { "\"$${literal}\"", "\"${literal}\"" }, { "\"%%{literal}\"", "\"%{literal}\"" }, { "\"$ and %\"", "\"$ and %\"" },
        { "\"bad\\q\"", "!Invalid escape sequence" }, { "\"\\u12\"", "!Invalid escape sequence" }, { "\"open", "!Unterminated template string" },
        // arithmetic and its conversions
        { "1 + 2", "3" }, { "7 - 10", "-3" }, { "6 * 7", "42" }, { "7 / 2", "3.5" }, { "7 % 3", "1" }, { "-7 % 3", "-1" },
        { "0.1 + 0.2", "0.3" }, { "1 + 2 * 3", "7" }, { "(1 + 2) * 3", "9" }, { "10 - 2 - 3", "5" }, { "2 * 3 % 4", "2" },
        { "-5", "-5" }, { "- -5", "5" }, { "-(2 + 3)", "-5" }, { "\"50\" + 1", "51" }, { "var.size * 2", "100" },
        { "1 / 0", "!can't divide by zero" }, { "1 % 0", "!modulo by zero" }, { "\"abc\" + 1", "!a number is required" },
        { "true + 1", "!a number is required" }, { "null + 1", "!a number is required" }, { "[1] + 1", "!a number is required" },
        // comparison and logic
        { "1 < 2", "true" }, { "2 <= 2", "true" }, { "3 > 4", "false" }, { "4 >= 5", "false" }, { "\"10\" > 9", "true" },
        { "1 == 1", "true" }, { "1 == \"1\"", "false" }, { "\"a\" != \"b\"", "true" }, { "[1, 2] == [1, 2]", "true" },
        { "{a = 1} == {a = 1}", "true" }, { "{a = 1} == {a = 2}", "false" }, { "null == null", "true" }, { "var.empty == null", "true" },
        { "true && false", "false" }, { "true || false", "true" }, { "!true", "false" }, { "!!true", "true" },
        { "true && \"true\"", "true" }, { "false || 1 < 2 && 3 > 2", "true" }, { "1 == 1 && 2 == 2", "true" },
        { "1 && true", "!a bool is required" }, { "!\"x\"", "!a bool is required" }, { "\"a\" < 1", "!a number is required" },
        // conditionals
        { "true ? 1 : 2", "1" }, { "false ? 1 : 2", "2" }, { "1 > 2 ? \"yes\" : \"no\"", "\"no\"" }, { "var.flag ? var.name : \"x\"", "\"web\"" },
        { "true ? 1 : \"a\"", "\"1\"" }, { "var.empty == null ? \"unset\" : var.empty.x", "\"unset\"" }, { "true ? false ? 1 : 2 : 3", "2" },
        { "null ? 1 : 2", "!Incorrect condition type" }, { "\"x\" ? 1 : 2", "!Incorrect condition type" }, { "true ? [1] : \"a\"", "!Inconsistent conditional result types" },
        { "true ? 1", "!Missing false expression" },
        // templates and directives
        { "\"Hello, ${s}!\"", "\"Hello, hello!\"" }, { "\"${1 + 1}\"", "2" }, { "\"n=${1 + 1}\"", "\"n=2\"" }, { "\"${var.flag}\"", "true" },
        { "\"${var.list}\"", "[\"a\",\"b\",\"c\"]" }, { "\"x${var.list}\"", "!cannot include a tuple" }, { "\"x${var.empty}\"", "!the expression result is null" },
        { "\"${var.name}-${var.size}\"", "\"web-50\"" }, { "\"${\"nested ${s}\"}\"", "\"nested hello\"" }, { "\"a ${~ \"b\" ~} c\"", "\"abc\"" },
        { "\"%{ if var.flag }on%{ else }off%{ endif }\"", "\"on\"" }, { "\"%{ if !var.flag }on%{ else }off%{ endif }\"", "\"off\"" },
        { "\"%{ if true }only%{ endif }\"", "\"only\"" }, { "\"%{ for v in var.list }${v},%{ endfor }\"", "\"a,b,c,\"" },
        { "\"%{ for i, v in var.list }${i}=${v} %{ endfor }\"", "\"0=a 1=b 2=c \"" }, { "\"%{ for k, v in var.map }${k}${v}%{ endfor }\"", "\"a1b2\"" },
        { "\"[ %{~ for v in var.list ~} ${v} %{~ endfor ~} ]\"", "\"[abc]\"" }, { "\"%{ if null }x%{ endif }\"", "!Invalid 'if' directive" },
        { "\"%{ if true }x\"", "!Unterminated template directive" }, { "\"%{ endif }\"", "!Unexpected 'endif' directive" },
        { "\"%{ for v in var.list }x%{ endif }\"", "!Unexpected 'endif' directive" }, { "\"%{ while }\"", "!Invalid template directive" },
        { "\"${}\"", "!Missing expression" }, { "\"${1 2}\"", "!Extra characters after interpolation" },
        // heredocs
        { "<<EOT\nhello\nEOT\n", "\"hello\\n\"" }, { "<<EOT\n  two\n    lines\nEOT\n", "\"  two\\n    lines\\n\"" },
        { "<<-EOT\n    two\n      lines\n    EOT\n", "\"two\\n  lines\\n\"" }, { "<<EOT\n${s} ${1 + 1}\nEOT\n", "\"hello 2\\n\"" },
        { "<<EOT\n%{ for v in var.list ~}\n${v}\n%{ endfor ~}\nEOT\n", "\"a\\nb\\nc\\n\"" }, { "<<EOT\nback\\slash \"q\"\nEOT\n", "\"back\\\\slash \\\"q\\\"\\n\"" },
        { "<<EOT\nno end\n", "!Unterminated heredoc" }, { "<<EOT\n\nEOT\n", "\"\\n\"" }, { "<<-EOT\n  a\n\n  b\n  EOT\n", "\"a\\n\\nb\\n\"" },
        // tuples, objects, index and attribute access
        { "[]", "[]" }, { "[1, \"a\", true]", "[1,\"a\",true]" }, { "[1, 2,]", "[1,2]" }, { "[\n 1,\n 2\n]", "[1,2]" },
        { "{}", "{}" }, { "{a = 1, b = \"x\"}", "{\"a\":1,\"b\":\"x\"}" }, { "{a: 1}", "{\"a\":1}" }, { "{\"quoted key\" = 1}", "{\"quoted key\":1}" },
        { "{(s) = 1}", "{\"hello\":1}" }, { "{\"${s}-k\" = 1}", "{\"hello-k\":1}" }, { "{\n a = 1\n b = 2\n}", "{\"a\":1,\"b\":2}" }, { "{a = 1, a = 2}", "{\"a\":2}" },
        { "{a = 1 b = 2}", "!Missing attribute separator" }, { "[1 2]", "!Missing item separator" }, { "{a}", "!Missing key/value separator" },
        { "var.list[0]", "\"a\"" }, { "var.list[2]", "\"c\"" }, { "var.list[\"1\"]", "\"b\"" }, { "var.list.1", "\"b\"" }, { "var.map[\"b\"]", "2" }, { "var.map.a", "1" },
        { "var.nested.inner.deep", "\"yes\"" }, { "var.nested[\"inner\"][\"deep\"]", "\"yes\"" }, { "var.objs[1].name", "\"y\"" }, { "[10, 20][1]", "20" },
        { "var.list[3]", "!out of range" }, { "var.list[-1]", "!out of range" }, { "var.list[\"x\"]", "!indexed by a number" }, { "var.map[\"z\"]", "!does not identify an element" },
        { "var.nope", "!does not have an attribute named \"nope\"" }, { "var.empty.x", "!Attempt to get attribute from null value" }, { "var.empty[0]", "!Attempt to index null value" },
        { "var.name.x", "!primitive-typed value" }, { "var.name[0]", "!does not have any indices" }, { "var.list.x", "!can't access attribute \"x\" on a list" },
        { "nosuch", "!Unknown variable" },
        // splats
        { "var.objs[*].name", "[\"x\",\"y\"]" }, { "var.objs.*.id", "[1,2]" }, { "var.empty[*]", "[]" }, { "var.name[*]", "[\"web\"]" },
        { "[{a = [1, 2]}, {a = [3]}][*].a[0]", "[1,3]" }, { "var.objs.*.name[1]", "\"y\"" }, { "length(var.objs[*])", "2" }, { "[[1, 2], [3]][*][0]", "[1,3]" },
        // for expressions
        { "[for v in var.list : upper(v)]", "[\"A\",\"B\",\"C\"]" }, { "[for i, v in var.list : \"${i}${v}\"]", "[\"0a\",\"1b\",\"2c\"]" },
        { "[for v in var.list : v if v != \"b\"]", "[\"a\",\"c\"]" }, { "{for v in var.list : v => upper(v)}", "{\"a\":\"A\",\"b\":\"B\",\"c\":\"C\"}" },
        { "{for k, v in var.map : upper(k) => v * 10}", "{\"A\":10,\"B\":20}" }, { "{for v in var.words : v => v...}", "{\"a\":[\"a\"],\"b\":[\"b\",\"b\"],\"c\":[\"c\"]}" },
        { "[for o in var.objs : o.id if o.name == \"y\"]", "[2]" }, { "[for v in [] : v]", "[]" }, { "{for o in var.objs : o.name => o.id}", "{\"x\":1,\"y\":2}" },
        { "[for v in [1, 2] : [for w in [3, 4] : v * w]]", "[[3,4],[6,8]]" }, { "[\n  for v in var.list :\n  v\n]", "[\"a\",\"b\",\"c\"]" },
        { "{for v in var.words : v => v}", "!Duplicate object key" }, { "[for v in null : v]", "!Iteration over null value" }, { "[for v in 5 : v]", "!non-iterable" },
        { "[for v in var.list : v if 1]", "!Invalid 'for' condition" }, { "[for v in var.list v]", "!expected ':'" }, { "[for v in var.list : k => v]", "!'=>' is for object" },
        // function calls
        { "upper(\"abc\")", "\"ABC\"" }, { "lower(\"ABC\")", "\"abc\"" }, { "title(\"hello world\")", "\"Hello World\"" }, { "length(\"héllo\")", "5" },
        { "length(var.list)", "3" }, { "length(var.map)", "2" }, { "join(\"-\", var.list)", "\"a-b-c\"" }, { "join(\",\", [\"a\"], [\"b\", \"c\"])", "\"a,b,c\"" },
        { "split(\",\", \"a,b\")", "[\"a\",\"b\"]" }, { "replace(\"a-b-c\", \"-\", \"_\")", "\"a_b_c\"" }, { "replace(\"a1b22\", \"/[0-9]+/\", \"#\")", "\"a#b#\"" },
        { "trimspace(\"  x \")", "\"x\"" }, { "trimprefix(\"prefix-x\", \"prefix-\")", "\"x\"" }, { "trimsuffix(\"x.yml\", \".yml\")", "\"x\"" }, { "trim(\"?!x?\", \"?!\")", "\"x\"" },
        { "chomp(\"x\\n\\n\")", "\"x\"" }, { "strrev(\"abc\")", "\"cba\"" }, { "substr(\"hello\", 1, 3)", "\"ell\"" }, { "substr(\"hello\", -3, -1)", "\"llo\"" },
        { "indent(2, \"a\\nb\")", "\"a\\n  b\"" }, { "format(\"%s-%03d\", \"img\", 7)", "\"img-007\"" }, { "format(\"%5.1f|%-4s|%t\", 3.14159, \"ab\", true)", "\"  3.1|ab  |true\"" },
        { "format(\"%q %v %%\", \"x\", [1])", "\"\\\"x\\\" [1] %\"" }, { "format(\"%d\", 1.5)", "!not a whole number" }, { "format(\"%s %s\", \"a\")", "!not enough arguments" },
        { "formatlist(\"%s=%s\", [\"a\", \"b\"], \"x\")", "[\"a=x\",\"b=x\"]" }, { "regex(\"[0-9]+\", \"ab123c\")", "\"123\"" }, { "regex(\"(\\\\w)(\\\\d)\", \"a1\")", "[\"a\",\"1\"]" },
        { "regex(\"(?P<letter>[a-z])\", \"9z\")", "{\"letter\":\"z\"}" }, { "regexall(\"[a-z]\", \"a1b2\")", "[\"a\",\"b\"]" }, { "regex(\"x\", \"abc\")", "!did not match" },
        { "regex_replace(\"ami-123\", \"[0-9]\", \"X\")", "\"ami-XXX\"" }, { "max(1, 5, 3)", "5" }, { "min(4, 2)", "2" }, { "max(var.list...)", "!must be a number" },
        { "max([1, 9, 3]...)", "9" }, { "abs(-3)", "3" }, { "ceil(1.2)", "2" }, { "floor(-1.2)", "-2" }, { "pow(2, 10)", "1024" }, { "log(8, 2)", "3" }, { "signum(-9)", "-1" },
        { "parseint(\"ff\", 16)", "255" }, { "parseint(\"12\", 2)", "!cannot parse" }, { "sum([1, 2, 3.5])", "6.5" },
        { "concat([1], [2, 3])", "[1,2,3]" }, { "flatten([[1, [2]], 3])", "[1,2,3]" }, { "distinct(var.words)", "[\"b\",\"a\",\"c\"]" }, { "compact([\"a\", \"\", \"b\"])", "[\"a\",\"b\"]" },
        { "contains(var.list, \"b\")", "true" }, { "element(var.list, 4)", "\"b\"" }, { "index(var.list, \"c\")", "2" }, { "reverse([1, 2])", "[2,1]" }, { "sort(var.words)", "[\"a\",\"b\",\"b\",\"c\"]" },
        { "slice(var.list, 1, 3)", "[\"b\",\"c\"]" }, { "chunklist([1, 2, 3], 2)", "[[1,2],[3]]" }, { "range(3)", "[0,1,2]" }, { "range(1, 7, 2)", "[1,3,5]" },
        { "keys({b = 1, a = 2})", "[\"a\",\"b\"]" }, { "values({b = 1, a = 2})", "[2,1]" }, { "lookup(var.map, \"a\", 0)", "1" }, { "lookup(var.map, \"z\", 0)", "0" },
        { "lookup(var.map, \"z\")", "!no key" }, { "merge({a = 1}, {b = 2}, {a = 3})", "{\"a\":3,\"b\":2}" }, { "zipmap([\"a\", \"b\"], [1, 2])", "{\"a\":1,\"b\":2}" },
        { "coalesce(\"\", null, \"x\")", "\"x\"" }, { "coalescelist([], [1])", "[1]" }, { "one([])", "null" }, { "one([5])", "5" }, { "one([1, 2])", "!zero or one" },
        { "alltrue([true, \"true\"])", "true" }, { "anytrue([false])", "false" }, { "toset([\"b\", \"a\", \"b\"])", "[\"a\",\"b\"]" }, { "setunion([\"a\"], [\"b\", \"a\"])", "[\"a\",\"b\"]" },
        { "setintersection([1, 2], [2, 3])", "[2]" }, { "setproduct([\"a\"], [1, 2])", "[[\"a\",1],[\"a\",2]]" },
        { "tostring(5)", "\"5\"" }, { "tonumber(\"5\")", "5" }, { "tonumber(\"x\")", "!must be a number" }, { "tobool(\"true\")", "true" }, { "tolist([1])", "[1]" }, { "tomap({a = 1})", "{\"a\":1}" },
        { "jsonencode({b = [1, true, null], a = \"<x>\"})", "\"{\\\"a\\\":\\\"\\\\u003cx\\\\u003e\\\",\\\"b\\\":[1,true,null]}\"" }, { "jsondecode(\"{\\\"a\\\": [1, 2.5]}\")", "{\"a\":[1,2.5]}" },
        { "jsondecode(\"{\")", "!invalid JSON" }, { "base64encode(\"hi\")", "\"aGk=\"" }, { "base64decode(\"aGk=\")", "\"hi\"" }, { "urlencode(\"a b&c\")", "\"a+b%26c\"" },
        { "yamldecode(\"a: 1\\nb: [x, 'true']\")", "{\"a\":1,\"b\":[\"x\",\"true\"]}" }, { "csvdecode(\"a,b\\n1,2\\n\")", "[{\"a\":\"1\",\"b\":\"2\"}]" },
        { "md5(\"x\")", "\"9dd4e461268c8034f5c8564e155c67a6\"" }, { "sha256(\"\")", "\"e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855\"" },
        { "uuidv5(\"dns\", \"example.com\")", "\"cfbff0d1-9375-5685-968c-48ce8b15ae17\"" }, { "length(uuidv4())", "36" },
        { "timestamp()", "\"2018-03-01T09:07:05Z\"" }, { "formatdate(\"YYYYMMDD-hhmm\", timestamp())", "\"20180301-0907\"" },
        { "formatdate(\"EEE, DD MMM YYYY HH:mm:ss AA ZZZ\", \"2018-03-01T21:07:05Z\")", "\"Thu, 01 Mar 2018 09:07:05 PM UTC\"" }, { "formatdate(\"'T'h'h'\", timestamp())", "\"T9h\"" },
        { "formatdate(\"Q\", timestamp())", "!invalid date format verb" }, { "timeadd(\"2018-03-01T09:07:05Z\", \"1h30m\")", "\"2018-03-01T10:37:05Z\"" }, { "timeadd(\"x\", \"1h\")", "!RFC 3339" },
        { "basename(\"/a/b/c.yml\")", "\"c.yml\"" }, { "dirname(\"/a/b/c.yml\")", "\"/a/b\"" }, { "dirname(\"c.yml\")", "\".\"" }, { "abspath(\"x/../y\")", "\"/tmp/y\"" },
        { "can(var.nope)", "false" }, { "can(var.name)", "true" }, { "try(var.nope, var.empty.x, \"fallback\")", "\"fallback\"" }, { "try(var.nope)", "!no expression in try()" },
        { "nosuchfn(1)", "!Call to unknown function" }, { "upper()", "!Not enough function arguments" }, { "upper(\"a\", \"b\")", "!Too many function arguments" },
        { "upper([1])", "!must be a string" }, { "upper(\"a\"", "!Unterminated function call" }, { "concat([1], 2...)", "!Invalid expanding argument" },
        // syntax
        { "1 +", "!Missing expression" }, { "(1 + 2", "!expected ')'" }, { "[1, 2", "!Unterminated tuple" }, { "1 2", "!Extra characters after expression" },
        { "@", "!Invalid expression" }, { "var.", "!Invalid attribute name" }, { "/* comment */ 1 # trailing", "1" }, { "1 // trailing", "1" }, { "/* open", "!Unterminated comment" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public void Expression_gives_its_value_or_error(string expression, string expected)
    {
        if (expected.StartsWith('!'))
        {
            var e = Assert.Throws<HclException>(() => Evaluate(expression));
            Assert.Contains(expected[1..], e.Message);
            Assert.NotNull(e.Range.Source);
            return;
        }
        Assert.Equal(expected, Evaluate(expression).ToString());
    }

    [Fact]
    public void There_are_at_least_150_cases_valid_and_invalid()
    {
        var all = Cases.Select(c => (string)c[1]).ToList();
        Assert.True(all.Count >= 150, $"{all.Count} cases");
        Assert.True(all.Count(c => c.StartsWith('!')) >= 50);
    }

    [Fact]
    public void An_error_shows_file_line_column_the_line_and_a_caret()
    {
        var source = new HclSource("t.pkr.hcl", "a = 1\nb = var.list[7]\n");
        var body = HclParser.ParseFile(source);
        var e = Assert.Throws<HclException>(() => HclEvaluator.Evaluate(body.Attribute("b")!.Expr, Context));
        Assert.Equal("t.pkr.hcl:2:14: Invalid index: the index 7 is out of range (the tuple has 3 elements)\n  2 | b = var.list[7]\n                   ^",
            e.Diagnostic.ToString());
    }

    private static HclValue Evaluate(string expression) =>
        HclEvaluator.Evaluate(HclParser.ParseExpression(new HclSource("expr.hcl", expression)), Context);
}
