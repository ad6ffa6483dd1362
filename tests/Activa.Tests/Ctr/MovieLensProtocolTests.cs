using Activa.Data;
using Activa.Data.Ctr;

namespace Activa.Tests.Ctr;

/// <summary>The DIN-style protocol on a hand-made ratings file, and on the real MovieLens CSV when it is derived.</summary>
public class MovieLensProtocolTests
{
    private static string Write(string text)
    {
        var path = Path.Combine(Path.GetTempPath(), $"activa-ml-{Guid.NewGuid():N}.csv");
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>User 7 rates six movies ≥ 4 (out of time order in the file) and one below; user 8 has too few positives.</summary>
    private const string Small = """
        "movieId","title","year","genres","userId","rating","timestamp"
        10,"A",1990,"Drama|Comedy",7,5,100
        30,"C",1991,"Action",7,4.5,300
        20,"B",1992,"Comedy",7,4,200
        40,"D",1993,"Drama",7,3,400
        50,"E",1994,"Action|Drama",7,4,500
        60,"F",1995,"Horror",7,4,600
        70,"G",1996,"Comedy",7,5,700
        80,"H",NA,"Drama",8,5,100
        90,"I",1997,"Horror",8,2,100
        95,"J",1998,"(no genres listed)",8,1,100
        """;

    [Fact]
    public void PositivesInTimeOrderBecomeSamplesPairedWithUnratedNegatives()
    {
        var path = Write(Small);
        try
        {
            var s = MovieLens.Load(path, maxHistory: 3, seed: 1);
            // User 7: positives 10, 20, 30, 50, 60, 70 in time order -> 5 positive samples (k = 1..5), each with a negative.
            Assert.Equal(6, s.Train.Count);      // k = 1, 2, 3
            Assert.Equal(2, s.Validation.Count); // k = 4
            Assert.Equal(2, s.Test.Count);       // k = 5, the last positive
            Assert.Equal(10, s.Train.Items);     // every movie of the file has an id
            // Dense ids follow the sorted original ids: 10 -> 1, 20 -> 2, ..., 70 -> 7, 80 -> 8, 90 -> 9, 95 -> 10.
            Assert.Equal(7, s.Test.Item[0]);
            Assert.Equal(1f, s.Test.Labels[0]);
            Assert.Equal(3, s.Test.HistoryLength[0]);                            // truncated to the 3 most recent
            Assert.Equal([3, 5, 6], s.Test.HistoryItems[..3]);                   // 30, 50, 60: oldest first
            Assert.Equal(s.Test.HistoryItems[..3], s.Test.HistoryItems[3..6]);  // the negative shares the history
            Assert.Equal(0f, s.Test.Labels[1]);
            var rated = new[] { 1, 2, 3, 4, 5, 6, 7 };
            foreach (var split in new[] { s.Train, s.Validation, s.Test })
                for (int i = 0; i < split.Count; i++)
                {
                    Assert.Equal(1, split.User[i]);                              // user 7 is the first user id
                    if (split.Labels[i] == 0) Assert.DoesNotContain(split.Item[i], rated);
                }
            // Categories are the first genre, ids in sorted genre order: (no genres listed), Action, Comedy, Drama, Horror.
            Assert.Equal(5, s.Train.Categories);
            Assert.Equal(3, s.Train.Category[0]);            // the first sample's candidate, movie 20: Comedy
            Assert.Equal(4, s.Train.HistoryCategories[0]);   // its history, movie 10: "Drama|Comedy" -> Drama
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void TheSameSeedGivesTheSameNegativesAndAnotherSeedOthers()
    {
        var path = Write(Small);
        try
        {
            var a = MovieLens.Load(path, 3, seed: 5);
            var b = MovieLens.Load(path, 3, seed: 5);
            Assert.Equal(a.Train.Item, b.Train.Item);
            bool differs = Enumerable.Range(6, 20).Any(seed => !MovieLens.Load(path, 3, (ulong)seed).Train.Item.SequenceEqual(a.Train.Item));
            Assert.True(differs);
        }
        finally { File.Delete(path); }
    }

    [Fact]
    public void AMissingColumnOrABadFieldIsAnErrorNamingItAndTheLine()
    {
        var noRating = Write("\"movieId\",\"genres\",\"userId\",\"timestamp\"\n1,\"Drama\",1,5\n");
        var badRating = Write("\"movieId\",\"genres\",\"userId\",\"rating\",\"timestamp\"\n1,\"Drama\",1,4,5\n2,\"Drama\",1,four,6\n");
        var shortRow = Write("\"movieId\",\"genres\",\"userId\",\"rating\",\"timestamp\"\n1,\"Drama\",1,4\n");
        try
        {
            var e = Assert.Throws<DataFormatException>(() => MovieLens.Load(noRating));
            Assert.Contains("no column 'rating'", e.Message);
            e = Assert.Throws<DataFormatException>(() => MovieLens.Load(badRating));
            Assert.Contains("line 3", e.Message);
            Assert.Contains("'rating' is 'four'", e.Message);
            e = Assert.Throws<DataFormatException>(() => MovieLens.Load(shortRow));
            Assert.Contains("line 2", e.Message);
            Assert.Throws<FileNotFoundException>(() => MovieLens.Load("/nonexistent/movielens.csv"));
        }
        finally
        {
            File.Delete(noRating);
            File.Delete(badRating);
            File.Delete(shortRow);
        }
    }

    [Fact]
    public void TheRealMovieLensGivesOnePairPerUserInTestAndValidation()
    {
        if (DataFiles.Find("movielens.csv") is null)
        {
            Assert.True(Environment.GetEnvironmentVariable("ACTIVA_REQUIRE_MOVIELENS") != "1", "MovieLens is required here: data/get.sh movielens");
            Assert.Throws<FileNotFoundException>(() => MovieLens.Load());
            return;
        }
        var s = MovieLens.Load();
        Assert.Equal(671, s.Train.Users);
        Assert.Equal(9066, s.Train.Items);
        int users = s.Test.User.Distinct().Count();
        Assert.Equal(2 * users, s.Test.Count);
        Assert.Equal(2 * users, s.Validation.Count);
        Assert.InRange(users, 400, 671);
        Assert.Equal(0.5, s.Train.PositiveRate, 6);
        Assert.InRange(s.Train.Count, 50_000, 120_000);
        Assert.All(s.Test.HistoryLength, l => Assert.InRange(l, MovieLens.MinPositives - 1, MovieLens.DefaultMaxHistory));
    }
}
