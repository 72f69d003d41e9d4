using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace BiasApp.Data;

/// <summary>For <c>dotnet ef migrations add</c>; never used at run time.</summary>
internal sealed class DesignTimeFactory : IDesignTimeDbContextFactory<BiasDbContext>
{
    public BiasDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<BiasDbContext>().UseSqlite("Data Source=design.db").Options);
}
