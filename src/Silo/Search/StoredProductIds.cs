using System.Data.Common;
using MarketMicro.Grains;
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
        // Orleans stores each grain's state under the name its [PersistentState] attribute gives.
        command.CommandText = "SELECT GrainIdN0, GrainIdN1 FROM OrleansStorage WHERE ServiceId = @ServiceId AND GrainTypeString = @StateName AND PayloadBinary IS NOT NULL";
        AddParameter(command, "@ServiceId", serviceId);
        AddParameter(command, "@StateName", StateNames.Product);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            yield return FromStorageKey(reader.GetInt64(0), reader.GetInt64(1));
        }
    }

    private static void AddParameter(DbCommand command, string name, string value)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        parameter.Value = value;
        command.Parameters.Add(parameter);
    }

    /// <summary>Orleans stores a Guid key as the two little-endian halves of its bytes.</summary>
    public static Guid FromStorageKey(long n0, long n1) => new([.. BitConverter.GetBytes(n0), .. BitConverter.GetBytes(n1)]);
}
