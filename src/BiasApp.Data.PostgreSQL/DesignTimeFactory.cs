using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BiasApp.Data.PostgreSQL;

/// <summary>
/// For <c>dotnet ef migrations add NAME --project src/BiasApp.Data.PostgreSQL --startup-project src/BiasApp.Data.PostgreSQL</c>;
/// never used at run time. No server is contacted to add a migration.
/// </summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<BiasDbContext>
{
    public BiasDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<BiasDbContext>();
        DataServiceCollectionExtensions.Configure(options, new DatabaseSettings(DatabaseProvider.PostgreSQL, "Host=localhost;Database=biasapp_design"));
        return new BiasDbContext(options.Options);
    }
}
