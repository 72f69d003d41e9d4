using Npgsql;

namespace BiasApp.Tests.ScaleOut;

// The PostgreSQL connection settings the app adds (idle transaction timeout, no reset on close, auto-prepare) never
// override what an operator wrote in the connection string.
public sealed class ConnectionDefaultsTests
{
    [Fact]
    public void ASparseConnectionStringGetsTheAppsDefaults()
    {
        var built = new NpgsqlConnectionStringBuilder(DataServiceCollectionExtensions.WithConnectionDefaults("Host=db;Database=biasapp;Username=app"));
        Assert.Equal("-c idle_in_transaction_session_timeout=15000", built.Options);
        Assert.True(built.NoResetOnClose);
        Assert.Equal(20, built.MaxAutoPrepare);
        Assert.Equal(("db", "biasapp", "app"), (built.Host, built.Database, built.Username));
    }

    [Theory]
    [InlineData("Host=db;Max Auto Prepare=0;No Reset On Close=false;Options=-c statement_timeout=5000")]
    [InlineData("Host=db;MaxAutoPrepare=0;NoResetOnClose=false;Options=-c statement_timeout=5000")]
    [InlineData("host=db;max auto prepare=0;no reset on close=false;options=-c statement_timeout=5000")]
    public void WhatTheConnectionStringSetsIsKept(string connectionString)
    {
        var built = new NpgsqlConnectionStringBuilder(DataServiceCollectionExtensions.WithConnectionDefaults(connectionString));
        Assert.Equal("-c statement_timeout=5000", built.Options);
        Assert.False(built.NoResetOnClose);
        Assert.Equal(0, built.MaxAutoPrepare);
    }
}
