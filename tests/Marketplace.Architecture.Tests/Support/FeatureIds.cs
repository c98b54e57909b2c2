using System.Text;
using System.Text.RegularExpressions;

namespace Marketplace.Architecture.Tests.Support;

/// <summary>One use of a feature id in the sources: the id, and where (file:line, and in what).</summary>
internal sealed record FeatureIdUse(string Id, string File, int Line, string Where)
{
    public override string ToString() => $"{Id} at {File}:{Line} ({Where})";
}

/// <summary>
/// Finds the feature ids of MISSION.md (B1–B11, M1–M12, O1–O4, A1–A6, X1–X12) where code refers to a feature by id.
/// The rules, tuned on the real code:
/// <list type="bullet">
/// <item>Only <b>comments</b> (<c>//</c>, <c>///</c>, <c>/* */</c>), <b>test names</b> (the method names of the test
/// projects, split at underscores: <c>X4_repoll_runs_the_next_step</c>; and <c>DisplayName = "…"</c>) and
/// <b><c>[Trait("Feature", "…")]</c></b> are read. String literals and code are not: they hold GUIDs, hex, JSON and
/// identifiers such as <c>Sha1</c> that only look like ids. A small C# lexer tells comments from strings, so a
/// <c>//</c> inside <c>"https://…"</c> or a raw JSON string is no comment.</item>
/// <item>An id is a capital B, M, O, A or X and a number without leading zero, standing alone: no letter, digit,
/// underscore or hyphen right before it, no letter, digit or underscore right after (<c>B1/B5</c>, <c>(X3, A3)</c>
/// and <c>M3–M7</c> count; <c>0xA1</c>, <c>A1B2</c>, <c>SHA-1</c>, <c>X4Foo</c> do not).</item>
/// <item>Numbers beyond the family's range are other families, not feature ids: the OSB platform checklist's items
/// share the letters (<c>B13</c>–<c>B15</c>, <c>M88</c>–<c>M91</c>, <c>O97</c>, <c>A7</c>–<c>A12</c>) and are
/// skipped. Checklist items A1–A6 collide with features A1–A6: a comment that means the checklist item writes
/// "checklist A6" (or "A6 of the checklist"), and such a mention is skipped. <c>[Trait("Checklist", "…")]</c> is
/// never read.</item>
/// <item>P1–P11 (checklist section P) and P1–P7 (benchmark figures) are not feature ids and are never read.</item>
/// </list>
/// </summary>
internal static partial class FeatureIds
{
    /// <summary>The feature families of MISSION.md and their last number: B1–B11, M1–M12, O1–O4, A1–A6, X1–X12.</summary>
    public static IReadOnlyDictionary<char, int> Ranges { get; } = new Dictionary<char, int>
    {
        ['B'] = 11,
        ['M'] = 12,
        ['O'] = 4,
        ['A'] = 6,
        ['X'] = 12,
    };

    /// <summary>Every id MISSION.md defines, family by family in number order.</summary>
    public static IReadOnlyList<string> Defined { get; } =
        Ranges.SelectMany(r => Enumerable.Range(1, r.Value).Select(n => $"{r.Key}{n}")).ToList();

    public static bool IsDefined(string id) =>
        id.Length >= 2 && Ranges.TryGetValue(id[0], out var last)
                       && int.TryParse(id.AsSpan(1), out var number) && number >= 1 && number <= last
                       && id[1] != '0';

    /// <summary>The feature ids in one C# source: its comments, its test names (when <paramref name="isTest"/>) and its Feature traits.</summary>
    public static IReadOnlyList<FeatureIdUse> In(string source, string file, bool isTest)
    {
        ArgumentNullException.ThrowIfNull(source);
        var uses = new List<FeatureIdUse>();
        var code = new StringBuilder(source.Length);
        foreach (var comment in CSharpLexer.Comments(source, code))
        {
            foreach (Match m in Id().Matches(comment.Text))
            {
                if (IsDefined(m.Value) && !MeansTheChecklist(comment.Text, m))
                {
                    uses.Add(new FeatureIdUse(m.Value, file, LineOf(source, comment.Start + m.Index), "comment"));
                }
            }
        }

        // Traits, display names and method names are read from the code with comments blanked out.
        var text = code.ToString();
        foreach (Match trait in FeatureTrait().Matches(text))
        {
            uses.Add(new FeatureIdUse(trait.Groups[1].Value, file, LineOf(source, trait.Index), "Feature trait"));
        }

        if (isTest)
        {
            foreach (Match name in DisplayName().Matches(text))
            {
                uses.AddRange(Id().Matches(name.Groups[1].Value).Where(m => IsDefined(m.Value))
                    .Select(m => new FeatureIdUse(m.Value, file, LineOf(source, name.Index), "test display name")));
            }

            foreach (Match method in MethodName().Matches(text))
            {
                uses.AddRange(method.Groups[1].Value.Split('_').Where(IsDefined)
                    .Select(id => new FeatureIdUse(id, file, LineOf(source, method.Index), "test name")));
            }
        }

        return uses;
    }

    /// <summary>Every feature id in the .cs files under <paramref name="folders"/> of the repository (bin and obj left out).</summary>
    public static IReadOnlyList<FeatureIdUse> InRepository(string root, params string[] folders) =>
        folders
            .SelectMany(folder => Directory.EnumerateFiles(Path.Combine(root, folder), "*.cs", SearchOption.AllDirectories)
                .Select(path => (path, relative: Path.GetRelativePath(root, path).Replace('\\', '/'))))
            .Where(f => !f.relative.Split('/').Any(part => part is "bin" or "obj"))
            .OrderBy(f => f.relative, StringComparer.Ordinal)
            .SelectMany(f => In(File.ReadAllText(f.path), f.relative, isTest: f.relative.StartsWith("tests/", StringComparison.Ordinal)))
            .ToList();

    /// <summary>The ids in the first column of the Markdown tables of <paramref name="markdown"/> (rows like <c>| B1 | … |</c>).</summary>
    public static IReadOnlyList<string> TableRows(string markdown) =>
        markdown.Split('\n').Select(line => TableRow().Match(line)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

    /// <summary>The ids MISSION.md defines, read from its bullet list (<c>- **B1 Register**</c>, <c>- **O1**</c>).</summary>
    public static IReadOnlyList<string> DefinedIn(string mission) =>
        mission.Split('\n').Select(line => MissionItem().Match(line)).Where(m => m.Success).Select(m => m.Groups[1].Value).ToList();

    /// <summary>"checklist A6", "checklist item A6", "the checklist's A6", "A6 of the checklist".</summary>
    private static bool MeansTheChecklist(string text, Match id) =>
        ChecklistBefore().IsMatch(text.AsSpan(0, id.Index)) || ChecklistAfter().IsMatch(text.AsSpan(id.Index + id.Length));

    private static int LineOf(string source, int index)
    {
        var line = 1;
        for (var i = 0; i < index && i < source.Length; i++)
        {
            if (source[i] == '\n')
            {
                line++;
            }
        }

        return line;
    }

    [GeneratedRegex(@"(?<![\w-])[BMOAX][1-9][0-9]?(?!\w)")]
    private static partial Regex Id();

    [GeneratedRegex(@"(?i)checklist(?:'s)?(?:\s+items?)?\s+$")]
    private static partial Regex ChecklistBefore();

    [GeneratedRegex(@"(?i)^\s+(?:of|in)\s+the\s+checklist")]
    private static partial Regex ChecklistAfter();

    [GeneratedRegex(@"\[\s*(?:Xunit\.)?Trait\(\s*""Feature""\s*,\s*""([^""]*)""\s*\)")]
    private static partial Regex FeatureTrait();

    [GeneratedRegex(@"\b(?:Fact|Theory)\s*\([^)]*?DisplayName\s*=\s*""([^""]*)""")]
    private static partial Regex DisplayName();

    [GeneratedRegex(@"\b(?:void|Task|ValueTask)(?:<[^()]*?>)?\s+(\w+)\s*\(")]
    private static partial Regex MethodName();

    [GeneratedRegex(@"^\|\s*`?([A-Z][0-9]+)`?\s*\|")]
    private static partial Regex TableRow();

    [GeneratedRegex(@"^- \*\*([A-Z][0-9]+)\b")]
    private static partial Regex MissionItem();
}

/// <summary>
/// Just enough of C#'s lexical grammar to find comments: string literals (regular, verbatim, interpolated with their
/// holes, raw), character literals and comments. Everything else is code.
/// </summary>
internal static class CSharpLexer
{
    /// <summary>A comment's text (without its delimiters) and where it starts in the source.</summary>
    public readonly record struct Comment(int Start, string Text);

    /// <summary>The comments of <paramref name="source"/>, in order; <paramref name="code"/> gets the source with every comment blanked out (line breaks kept).</summary>
    public static IReadOnlyList<Comment> Comments(string source, StringBuilder code)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(code);
        var comments = new List<Comment>();
        var i = 0;
        while (i < source.Length)
        {
            if (At(source, i, "//"))
            {
                var end = source.IndexOf('\n', i);
                end = end < 0 ? source.Length : end;
                comments.Add(new Comment(i + 2, source[(i + 2)..end]));
                Blank(source, i, end, code);
                i = end;
            }
            else if (At(source, i, "/*"))
            {
                var close = source.IndexOf("*/", i + 2, StringComparison.Ordinal);
                var end = close < 0 ? source.Length : close + 2;
                comments.Add(new Comment(i + 2, source[(i + 2)..Math.Max(i + 2, end - 2)]));
                Blank(source, i, end, code);
                i = end;
            }
            else
            {
                var next = SkipLiteral(source, i);
                code.Append(source, i, next - i);
                i = next;
            }
        }

        return comments;
    }

    /// <summary>After the string or character literal at <paramref name="i"/>, or one past <paramref name="i"/> for anything else.</summary>
    private static int SkipLiteral(string s, int i)
    {
        if (s[i] == '\'')
        {
            return SkipCharacter(s, i);
        }

        var prefix = i;
        var dollars = 0;
        var verbatim = false;
        while (prefix < s.Length && (s[prefix] == '$' || s[prefix] == '@'))
        {
            dollars += s[prefix] == '$' ? 1 : 0;
            verbatim |= s[prefix] == '@';
            prefix++;
        }

        if (prefix >= s.Length || s[prefix] != '"' || prefix - i > 3)
        {
            return i + 1;
        }

        var quotes = 0;
        while (prefix + quotes < s.Length && s[prefix + quotes] == '"')
        {
            quotes++;
        }

        if (quotes >= 3)
        {
            // A raw string ends at the first run of as many quotes as opened it (its holes are not looked into).
            var close = s.IndexOf(new string('"', quotes), prefix + quotes, StringComparison.Ordinal);
            return close < 0 ? s.Length : close + quotes;
        }

        return SkipQuoted(s, prefix + 1, verbatim, interpolated: dollars > 0);
    }

    /// <summary>From just inside the opening quote to just after the closing one.</summary>
    private static int SkipQuoted(string s, int i, bool verbatim, bool interpolated)
    {
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '"')
            {
                if (verbatim && At(s, i, "\"\""))
                {
                    i += 2;
                    continue;
                }

                return i + 1;
            }

            if (c == '\\' && !verbatim)
            {
                i += 2;
            }
            else if (interpolated && c == '{')
            {
                i = At(s, i, "{{") ? i + 2 : SkipHole(s, i + 1);
            }
            else if (c == '\n' && !verbatim && !interpolated)
            {
                return i; // an unterminated literal: do not swallow the rest of the file
            }
            else
            {
                i++;
            }
        }

        return i;
    }

    /// <summary>The code of an interpolation hole, strings and nested braces included, to just after its closing brace.</summary>
    private static int SkipHole(string s, int i)
    {
        var depth = 0;
        while (i < s.Length)
        {
            var c = s[i];
            if (c == '{')
            {
                depth++;
                i++;
            }
            else if (c == '}')
            {
                if (depth-- == 0)
                {
                    return i + 1;
                }

                i++;
            }
            else
            {
                i = SkipLiteral(s, i);
            }
        }

        return i;
    }

    private static int SkipCharacter(string s, int i)
    {
        var j = i + 1;
        if (j < s.Length && s[j] == '\\')
        {
            j += 2;
        }
        else
        {
            j++;
        }

        var close = s.IndexOf('\'', Math.Min(j, s.Length));
        return close < 0 || close - i > 10 ? i + 1 : close + 1;
    }

    private static bool At(string s, int i, string what) => string.CompareOrdinal(s, i, what, 0, what.Length) == 0;

    private static void Blank(string source, int from, int to, StringBuilder code)
    {
        for (var i = from; i < to; i++)
        {
            code.Append(source[i] == '\n' ? '\n' : ' ');
        }
    }
}
