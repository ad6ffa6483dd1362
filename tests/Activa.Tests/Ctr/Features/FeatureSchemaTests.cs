using Activa.Data;
using Activa.Data.Ctr.Features;

namespace Activa.Tests.Ctr.Features;

/// <summary>Schema JSON: the documented example parses and round-trips; errors name the field and what is wrong.</summary>
public class FeatureSchemaTests
{
    internal const string Example = """
        { "label": { "column": "rating", "threshold": 4 },
          "fields": [
            { "kind": "categorical", "column": "userId" },
            { "kind": "categorical", "column": "movieId", "minCount": 2 },
            { "kind": "categorical", "name": "zip", "column": "zipCode", "hashBuckets": 1000 },
            { "kind": "numeric", "column": "age", "transform": "standardize", "missing": "mean" },
            { "kind": "numeric", "name": "ageBucket", "column": "age", "transform": "buckets", "buckets": 4 },
            { "kind": "multiHot", "column": "genres", "separator": "|", "maxItems": 3 },
            { "kind": "sequence", "name": "history", "column": "history", "separator": " ", "maxLength": 3, "vocabularyFrom": "movieId" }
          ] }
        """;

    [Fact]
    public void ExampleParsesWithDefaultsAndRoundTrips()
    {
        var s = FeatureSchema.FromJson(Example);
        Assert.Equal("rating", s.Label.Column);
        Assert.Equal(4.0, s.Label.Threshold);
        Assert.Equal(7, s.Fields.Count);
        Assert.Equal("userId", s.Fields[0].Name);
        Assert.Equal(1, s.Fields[0].MinCount);
        Assert.Equal(1000, s.Field("zip").HashBuckets);
        Assert.Equal(NumericTransform.Buckets, s.Field("ageBucket").Transform);
        Assert.True(s.Field("ageBucket").IsCategoricalId);
        Assert.Equal(FieldKind.MultiHot, s.Field("genres").Kind);
        Assert.Equal("movieId", s.Field("history").VocabularyFrom);
        var json = s.ToJson();
        Assert.DoesNotContain("maxLength", json.Split("\"history\"")[0]);   // only the properties of each kind are written
        var again = FeatureSchema.FromJson(json);
        Assert.Equal(s.Fields, again.Fields);
        Assert.Equal(s.Label, again.Label);
    }

    [Theory]
    [InlineData("""{ "kind": "embedding", "column": "x" }""", "field 'x': unknown kind 'embedding'")]
    [InlineData("""{ "column": "x" }""", "field 'x': no \"kind\"")]
    [InlineData("""{ "kind": "categorical", "column": "x", "colour": 1 }""", "field 'x'")]
    [InlineData("""{ "kind": "categorical", "column": "x", "minCount": 0 }""", "field 'x': minCount must be at least 1")]
    [InlineData("""{ "kind": "categorical", "column": "x", "minCount": 5, "hashBuckets": 10 }""", "field 'x': minCount and hashBuckets")]
    [InlineData("""{ "kind": "numeric", "column": "x", "transform": "buckets" }""", "field 'x': transform 'buckets' needs")]
    [InlineData("""{ "kind": "numeric", "column": "x", "transform": "cube" }""", "field 'x'")]
    [InlineData("""{ "kind": "sequence", "column": "x" }""", "field 'x': a sequence needs maxLength")]
    [InlineData("""{ "kind": "sequence", "column": "x", "maxLength": 5, "vocabularyFrom": "nope" }""", "field 'x': vocabularyFrom names no field 'nope'")]
    [InlineData("""{ "kind": "multiHot", "column": "x", "separator": "" }""", "field 'x': empty separator")]
    [InlineData("""{ "kind": 3, "column": "x" }""", "field 'x': no \"kind\"")]
    [InlineData("""{ "kind": "categorical", "column": "x", "maxLength": 4 }""", "field 'x': maxLength applies only to sequences")]
    public void InvalidFieldsAreErrorsNamingTheField(string field, string expected)
    {
        var e = Assert.Throws<FormatException>(() => FeatureSchema.FromJson($$"""{ "label": { "column": "y" }, "fields": [ {{field}} ] }"""));
        Assert.Contains(expected, e.Message);
    }

    [Fact]
    public void DuplicateNamesAndMissingLabelAreErrors()
    {
        Assert.Contains("used twice", Assert.Throws<FormatException>(() => FeatureSchema.FromJson(
            """{ "label": { "column": "y" }, "fields": [ { "kind": "categorical", "column": "a" }, { "kind": "numeric", "column": "a" } ] }""")).Message);
        Assert.Contains("no \"label\"", Assert.Throws<FormatException>(() => FeatureSchema.FromJson(
            """{ "fields": [ { "kind": "categorical", "column": "a" } ] }""")).Message);
        Assert.Contains("not valid JSON", Assert.Throws<FormatException>(() => FeatureSchema.FromJson("{ oops")).Message);
    }

    [Fact]
    public void SchemaNamingAMissingColumnIsAnErrorNamingIt()
    {
        using var tmp = new TempFiles();
        var path = tmp.Write("rating,userId\n5,1\n");
        var schema = FeatureSchema.FromJson("""{ "label": { "column": "rating", "threshold": 4 }, "fields": [ { "kind": "categorical", "column": "movieId" } ] }""");
        using var source = new CsvRowSource(path);
        var e = Assert.Throws<DataFormatException>(() => FeaturePipeline.Fit(schema, source));
        Assert.Contains("'movieId'", e.Message);
        Assert.Contains(path, e.Message);
    }

    [Fact]
    public void CriteoSchemaHasThirteenNumericAndTwentySixCategoricalFields()
    {
        var s = FeatureSchema.Criteo(minCount: 10);
        Assert.Equal("label", s.Label.Column);
        Assert.Equal(13, s.Fields.Count(f => f.Kind == FieldKind.Numeric && f.Transform == NumericTransform.Log1pStandardize));
        Assert.Equal(26, s.Fields.Count(f => f.Kind == FieldKind.Categorical && f.MinCount == 10));
        Assert.Equal(40, CriteoRowSource.Columns.Count);
        var b = FeatureSchema.Criteo(numeric: NumericTransform.Buckets, buckets: 8);
        Assert.All(b.Fields.Where(f => f.Kind == FieldKind.Numeric), f => Assert.Equal(8, f.Buckets));
    }
}
