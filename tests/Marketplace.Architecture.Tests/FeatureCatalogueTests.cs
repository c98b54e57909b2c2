using Marketplace.Architecture.Tests.Support;

namespace Marketplace.Architecture.Tests;

/// <summary>
/// docs/features.md resolves every feature id the code uses: each id found in a comment, a test name or a
/// <c>[Trait("Feature", …)]</c> under src/ and tests/ has a row there, and every row is a feature MISSION.md defines
/// (B1–B11, M1–M12, O1–O4, A1–A6, X1–X12), each exactly once. What counts as a use, and what does not (checklist
/// items, benchmark figures, strings), is explained on <see cref="FeatureIds"/>.
/// </summary>
public class FeatureCatalogueTests
{
    private const string Catalogue = "docs/features.md";

    [Fact]
    public void Every_feature_id_used_in_src_and_tests_has_a_row_in_docs_features_md()
    {
        var uses = FeatureIds.InRepository(RepositoryRoot(), "src", "tests");
        uses.ShouldNotBeEmpty("the code refers to features by id (B1, M3, X4 …); finding none means the scan is broken");
        var rows = FeatureIds.TableRows(CatalogueText()).ToHashSet();

        uses.Where(u => !rows.Contains(u.Id)).Select(u => u.ToString())
            .ShouldBeEmpty($"give each of these ids a row in {Catalogue}, or correct the id (a checklist item is written \"checklist A6\")");
    }

    [Fact]
    public void Every_row_of_docs_features_md_is_a_feature_MISSION_md_defines_and_none_is_missing()
    {
        var rows = FeatureIds.TableRows(CatalogueText());

        rows.Where(r => !FeatureIds.IsDefined(r)).ShouldBeEmpty("rows for ids MISSION.md does not define");
        rows.GroupBy(r => r).Where(g => g.Count() > 1).Select(g => g.Key).ShouldBeEmpty("ids with more than one row");
        FeatureIds.Defined.Except(rows).ShouldBeEmpty("ids MISSION.md defines that have no row (give them one: status not yet)");
    }

    [Fact]
    public void The_feature_ranges_are_MISSION_md_s_when_it_is_beside_the_repository()
    {
        // MISSION.md lives in the project's shared folder, which sits beside the repository (not in it).
        var mission = Path.GetFullPath(Path.Combine(RepositoryRoot(), "..", "shared", "MISSION.md"));
        if (!File.Exists(mission))
        {
            Assert.Skip($"{mission} is not there to compare with; the ranges in FeatureIds stand alone.");
        }

        FeatureIds.DefinedIn(File.ReadAllText(mission)).ShouldBe(FeatureIds.Defined, ignoreOrder: true);
    }

    [Fact]
    public void The_scan_reads_comments_test_names_and_Feature_traits_and_skips_strings_checklist_items_and_lookalikes()
    {
        const string sample = """"
            namespace Sample;

            /// <summary>B4: refresh (X3, A3); M3–M7 and B1/B5. Not 0xA1, A1B2, SHA-1, X4Foo, B12, M88, O97, A9 or P7.</summary>
            public class SampleTests
            {
                // checklist A6: a scheduled refresh has no user; A5 of the checklist either.
                private const string Url = "https://example.com/X7"; // X8
                private const string Json = """ { "id": "A2", "note": "// X9" } """;
                private const string Verbatim = @"C:\temp\"" // X1";
                private const char Quote = '"';
                private static string Hole(int n) => $"{(n > 0 ? "X10" : "X11")} // X12";

                [Fact]
                public void M9_sharing_is_later() { }

                [Fact(DisplayName = "O2 polls")]
                [Trait("Feature", "O3")]
                [Trait("Checklist", "A1")]
                public async Task Helper_X5() { }

                /* B2 in a block */
            }
            """";

        var uses = FeatureIds.In(sample, "Sample.cs", isTest: true);

        uses.Select(u => u.Id).ShouldBe(["B4", "X3", "A3", "M3", "M7", "B1", "B5", "X8", "B2", "O3", "O2", "M9", "X5"]);
        uses.Single(u => u.Id == "X8").Line.ShouldBe(7);
        FeatureIds.In(sample, "Sample.cs", isTest: false).Select(u => u.Id).ShouldNotContain("M9", "method names count in tests only");
    }

    [Theory]
    [InlineData("B1", true)]
    [InlineData("B11", true)]
    [InlineData("B12", false)]
    [InlineData("M12", true)]
    [InlineData("M88", false)]
    [InlineData("O4", true)]
    [InlineData("O97", false)]
    [InlineData("A6", true)]
    [InlineData("A7", false)]
    [InlineData("X12", true)]
    [InlineData("X0", false)]
    [InlineData("X01", false)]
    [InlineData("P7", false)]
    public void A_feature_id_is_within_its_family_s_range(string id, bool defined)
    {
        FeatureIds.IsDefined(id).ShouldBe(defined);
    }

    [Fact]
    public void Catalogue_rows_are_the_first_cells_of_table_rows()
    {
        const string markdown = "| id | what |\n|---|---|\n| B1 | Register |\n| `X4` | Workbench |\n- B2 in a list\nP7 in text\n";

        FeatureIds.TableRows(markdown).ShouldBe(["B1", "X4"]);
    }

    private static string CatalogueText()
    {
        var path = Path.Combine(RepositoryRoot(), Catalogue);
        File.Exists(path).ShouldBeTrue($"{Catalogue} lists every feature id; it is missing");
        return File.ReadAllText(path);
    }

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Marketplace.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Marketplace.sln not found above the test output.");
    }
}
