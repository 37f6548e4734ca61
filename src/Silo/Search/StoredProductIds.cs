using System.Data.Common;
using MarketMicro.Silo.Storage;

namespace MarketMicro.Silo.Search;

/// <summary>
/// Every product id this service has stored, read from the grain-state table the project owns: how the search
/// index is rebuilt from the truth without a registry that every product write would have to update.
/// </summary>
public sealed class StoredProductIds(DatabaseSettings database)
{
    public async IAsyncEnumerable<Guid> ReadAsync(string serviceId, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        await using var connection = database.CreateConnection();
        await connection.OpenAsync(cancellationToken);
        await using var command = connection.CreateCommand();
        command.CommandText = "SELECT GrainIdN0, GrainIdN1 FROM OrleansStorage WHERE ServiceId = @ServiceId AND GrainTypeString = 'product' AND PayloadBinary IS NOT NULL";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@ServiceId";
        parameter.Value = serviceId;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return FromStorageKey(reader.GetInt64(0), reader.GetInt64(1));
        }
    }

    /// <summary>Orleans stores a Guid key as the two little-endian halves of its bytes.</summary>
    public static Guid FromStorageKey(long n0, long n1) => new([.. BitConverter.GetBytes(n0), .. BitConverter.GetBytes(n1)]);
}
