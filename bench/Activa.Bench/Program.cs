Console.WriteLine("usage: dotnet run -c Release --project bench/Activa.Bench -- <gemm|...>");
