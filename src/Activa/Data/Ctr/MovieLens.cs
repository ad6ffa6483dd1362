namespace Activa.Data.Ctr;

/// <summary>
/// MovieLens ml-latest-small (as Debian's r-cran-dslabs ships it; <c>data/get.sh movielens</c> writes the CSV) turned
/// into click-through samples the way DIN's papers build them from review data (docs/ctr.md):
/// <list type="bullet">
/// <item>a rating ≥ 4 is a positive; each user's positives are put in time order (ties by movie id);</item>
/// <item>for each user with at least <see cref="MinPositives"/> positives, each positive after the first is a sample whose
/// history is the positives before it (the most recent <c>maxHistory</c>, movie and genre), label 1, paired with a
/// negative: the same history with a movie the user never rated, drawn uniformly, label 0;</item>
/// <item>each user's last positive (and its negative) goes to the test split, the one before it to validation, the rest
/// to training.</item>
/// </list>
/// A movie's category is its first listed genre (DIN uses one category per item).
/// </summary>
public static class MovieLens
{
    /// <summary>Users with fewer positives than this are left out.</summary>
    public const int MinPositives = 5;
    /// <summary>Default longest history.</summary>
    public const int DefaultMaxHistory = 50;
    /// <summary>Ratings at least this high are positives.</summary>
    public const double PositiveRating = 4.0;

    /// <summary>The CSV's required columns.</summary>
    public static readonly string[] Columns = ["movieId", "genres", "userId", "rating", "timestamp"];

    private readonly record struct Rating(int User, int Movie, double Value, long Time);

    /// <summary>Builds the splits from the derived CSV, found by <see cref="DataFiles.Require"/> ("movielens").</summary>
    /// <exception cref="FileNotFoundException">Not derived yet; the message says how.</exception>
    public static BehaviorSplits Load(int maxHistory = DefaultMaxHistory, ulong seed = 0) => Load(DataFiles.Require("movielens"), maxHistory, seed);

    /// <summary>Reads <paramref name="path"/> and builds the three splits; <paramref name="seed"/> draws the negatives.</summary>
    /// <exception cref="FileNotFoundException">No such file (<c>data/get.sh movielens</c> derives it).</exception>
    /// <exception cref="DataFormatException">A missing column or a malformed field, naming the line.</exception>
    public static BehaviorSplits Load(string path, int maxHistory = DefaultMaxHistory, ulong seed = 0)
    {
        if (maxHistory < 1) throw new ArgumentOutOfRangeException(nameof(maxHistory), $"maxHistory must be positive, got {maxHistory}.");
        var (ratings, genreOf) = Read(path);
        if (ratings.Count == 0) throw new DataFormatException(path, "no ratings");
        return Build(ratings, genreOf, maxHistory, seed);
    }

    private static (List<Rating>, Dictionary<int, string>) Read(string path)
    {
        using var csv = CsvRows.Open(path, Columns);
        int cMovie = csv.Ordinal("movieId"), cGenres = csv.Ordinal("genres"), cUser = csv.Ordinal("userId"),
            cRating = csv.Ordinal("rating"), cTime = csv.Ordinal("timestamp");
        var ratings = new List<Rating>();
        var genreOf = new Dictionary<int, string>();
        while (csv.Read())
        {
            int movie = checked((int)csv.Integer(cMovie)), user = checked((int)csv.Integer(cUser));
            double rating = csv.Real(cRating);
            ratings.Add(new Rating(user, movie, rating, csv.Integer(cTime)));
            if (!genreOf.ContainsKey(movie))
            {
                var genres = csv.Text(cGenres);
                genreOf[movie] = genres.Split('|')[0].Trim() is { Length: > 0 } first ? first : "(no genres listed)";
            }
        }
        return (ratings, genreOf);
    }

    private static BehaviorSplits Build(List<Rating> ratings, Dictionary<int, string> genreOf, int maxHistory, ulong seed)
    {
        // Dense 1-based ids in sorted order of the original ids (and genre names), so that they do not depend on row order.
        var movies = genreOf.Keys.Order().ToArray();
        var movieId = new Dictionary<int, int>(movies.Length);
        for (int i = 0; i < movies.Length; i++) movieId[movies[i]] = i + 1;
        var genres = genreOf.Values.Distinct().Order(StringComparer.Ordinal).ToArray();
        var genreId = genres.Select((g, i) => (g, i)).ToDictionary(p => p.g, p => p.i + 1);
        var category = new int[movies.Length + 1];
        foreach (var (m, g) in genreOf) category[movieId[m]] = genreId[g];
        var users = ratings.Select(r => r.User).Distinct().Order().ToArray();

        var train = new BehaviorSampleBuilder(maxHistory);
        var validation = new BehaviorSampleBuilder(maxHistory);
        var test = new BehaviorSampleBuilder(maxHistory);
        var rng = new Generator(seed);
        var byUser = ratings.GroupBy(r => r.User).ToDictionary(g => g.Key, g => g.ToList());
        var rated = new HashSet<int>();
        for (int u = 0; u < users.Length; u++)
        {
            var mine = byUser[users[u]];
            var positives = mine.Where(r => r.Value >= PositiveRating).OrderBy(r => r.Time).ThenBy(r => r.Movie)
                .Select(r => movieId[r.Movie]).ToArray();
            if (positives.Length < MinPositives) continue;
            rated.Clear();
            foreach (var r in mine) rated.Add(movieId[r.Movie]);
            if (rated.Count >= movies.Length) continue; // no movie left to be a negative
            var cats = positives.Select(m => category[m]).ToArray();
            int n = positives.Length;
            for (int k = 1; k < n; k++)
            {
                var split = k == n - 1 ? test : k == n - 2 ? validation : train;
                int negative;
                do negative = 1 + rng.NextInt(movies.Length);
                while (rated.Contains(negative));
                var hItems = positives.AsSpan(0, k);
                var hCats = cats.AsSpan(0, k);
                split.Add(u + 1, positives[k], cats[k], 1f, hItems, hCats);
                split.Add(u + 1, negative, category[negative], 0f, hItems, hCats);
            }
        }
        return new BehaviorSplits("movielens",
            train.Build("movielens/train", users.Length, movies.Length, genres.Length),
            validation.Build("movielens/validation", users.Length, movies.Length, genres.Length),
            test.Build("movielens/test", users.Length, movies.Length, genres.Length));
    }
}
