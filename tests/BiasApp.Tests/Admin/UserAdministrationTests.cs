using System.Net;
using System.Text.Json;
using BiasApp.Admin;
using BiasApp.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BiasApp.Tests.Admin;

/// <summary>The admin's account changes, against the real app and database: each test that counts admins has its own app.</summary>
public sealed class UserAdministrationTests
{
    private static UserAdministration Service(BiasAppFactory app) =>
        app.Services.CreateScope().ServiceProvider.GetRequiredService<UserAdministration>();

    private static async Task<AppUser> UserAsync(BiasAppFactory app, string email)
    {
        await using var db = app.Db();
        return await db.Users.AsNoTracking().SingleAsync(u => u.Email == email);
    }

    private static async Task<bool> IsAdminAsync(BiasAppFactory app, string email)
    {
        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        return await users.IsInRoleAsync((await users.FindByEmailAsync(email))!, Roles.Admin);
    }

    [Fact]
    public async Task TheLastActiveAdminCannotBeDisabledDemotedOrDeleted()
    {
        await using var app = new BiasAppFactory();
        var soloKey = await app.CreateKeyAsync("solo@example.test", admin: true);
        var solo = (await UserAsync(app, "solo@example.test")).Id;
        var service = Service(app);

        var refusals = new[]
        {
            await Assert.ThrowsAsync<UserChangeRefusedException>(() => service.SetDisabledAsync(solo, true)),
            await Assert.ThrowsAsync<UserChangeRefusedException>(() => service.SetAdminAsync(solo, false)),
            await Assert.ThrowsAsync<UserChangeRefusedException>(() => service.DeleteAsync(solo)),
        };
        Assert.All(refusals, e => Assert.Contains("last active admin", e.Message));
        var unchanged = await UserAsync(app, "solo@example.test");
        Assert.False(unchanged.IsDisabled);
        Assert.Null(unchanged.DeletedAt);
        Assert.True(await IsAdminAsync(app, "solo@example.test"));
        Assert.Equal(HttpStatusCode.OK, (await app.CreateClient(soloKey).GetAsync("/api/v1/admin/usage")).StatusCode);

        // A disabled admin is no stand-in: solo is still the last active one.
        await app.CreateKeyAsync("dormant@example.test", admin: true);
        var dormant = (await UserAsync(app, "dormant@example.test")).Id;
        await service.SetDisabledAsync(dormant, true);
        await Assert.ThrowsAsync<UserChangeRefusedException>(() => service.SetDisabledAsync(solo, true));

        // With a second active admin, solo can go; then the second one is the last.
        await service.SetDisabledAsync(dormant, false);
        await service.SetAdminAsync(solo, false);
        Assert.False(await IsAdminAsync(app, "solo@example.test"));
        Assert.Equal(HttpStatusCode.Forbidden, (await app.CreateClient(soloKey).GetAsync("/api/v1/admin/usage")).StatusCode);
        await Assert.ThrowsAsync<UserChangeRefusedException>(() => service.DeleteAsync(dormant));
    }

    [Fact]
    public async Task ACreatedUserSignsInWithTheShownPasswordAndAResetReplacesItAndEndsTheLock()
    {
        await using var app = new BiasAppFactory();
        var service = Service(app);

        var password = await service.CreateAsync(" new.analyst@example.test ", admin: false);
        Assert.True(password.Length >= AccountProvisioning.MinPasswordLength);
        var refused = await Assert.ThrowsAsync<UserChangeRefusedException>(() => service.CreateAsync("new.analyst@example.test", admin: true));
        Assert.Equal("An account with the e-mail new.analyst@example.test already exists.", refused.Message);

        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var user = (await users.FindByEmailAsync("new.analyst@example.test"))!;
        Assert.True(await users.CheckPasswordAsync(user, password));
        Assert.False(await users.IsInRoleAsync(user, Roles.Admin));
        Assert.True(await users.IsInRoleAsync(user, Roles.Analyst));
        var listed = Assert.Single(await service.ListAsync(), u => u.Email == "new.analyst@example.test");
        Assert.True(listed.HasPassword);
        Assert.False(listed.IsAdmin);

        await users.SetLockoutEndDateAsync(user, DateTimeOffset.UtcNow.AddMinutes(15));
        Assert.NotNull(Assert.Single(await service.ListAsync(), u => u.Id == user.Id).LockedOutUntil);
        var reset = await service.ResetPasswordAsync(user.Id);

        Assert.NotEqual(password, reset);
        var after = await UserAsync(app, "new.analyst@example.test");
        Assert.Equal(PasswordVerificationResult.Success, users.PasswordHasher.VerifyHashedPassword(after, after.PasswordHash!, reset));
        Assert.Equal(PasswordVerificationResult.Failed, users.PasswordHasher.VerifyHashedPassword(after, after.PasswordHash!, password));
        Assert.Null(after.LockoutEnd);
        Assert.NotEqual(user.SecurityStamp, after.SecurityStamp);
    }

    [Fact]
    public async Task PromotingGivesTheAdminApiAndDisablingStopsTheKeys()
    {
        await using var app = new BiasAppFactory();
        await app.CreateKeyAsync("boss@example.test", admin: true);
        var key = await app.CreateKeyAsync("rising@example.test");
        var id = (await UserAsync(app, "rising@example.test")).Id;
        var client = app.CreateClient(key);
        var service = Service(app);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/admin/usage")).StatusCode);

        await service.SetAdminAsync(id, true);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/admin/usage")).StatusCode);

        await service.SetDisabledAsync(id, true);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/usage")).StatusCode);
        await service.SetDisabledAsync(id, false);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/usage")).StatusCode);

        Assert.Equal(1, await service.RevokeKeysAsync(id));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/usage")).StatusCode);
    }

    [Fact]
    public async Task DeletingAUserKeepsTheirUsageUnderTheirEmailAndFreesTheEmail()
    {
        await using var app = new BiasAppFactory();
        var adminKey = await app.CreateKeyAsync("boss@example.test", admin: true);
        var key = await app.CreateKeyAsync("leaving@example.test");
        var id = (await UserAsync(app, "leaving@example.test")).Id;
        var client = app.CreateClient(key);
        for (var i = 0; i < 2; i++) Assert.Equal(HttpStatusCode.OK, (await client.AnalyzeAsync()).StatusCode);
        var service = Service(app);

        await service.DeleteAsync(id);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/usage")).StatusCode);
        Assert.DoesNotContain(await service.ListAsync(), u => u.Id == id);
        await using (var db = app.Db())
        {
            Assert.Equal(2, await db.UsageEvents.CountAsync(e => e.UserId == id));
            Assert.Equal(2, await db.DailyUsage.Where(d => d.UserId == id).SumAsync(d => d.Requests));
            Assert.False(await db.ApiKeys.AnyAsync(k => k.UserId == id));
            Assert.False(await db.UserRoles.AnyAsync(r => r.UserId == id));
            var tombstone = await db.Users.SingleAsync(u => u.Id == id);
            Assert.Null(tombstone.PasswordHash);
            Assert.True(tombstone.IsDisabled);
            Assert.NotNull(tombstone.DeletedAt);
        }
        var today = DateTime.UtcNow.ToString("yyyy-MM-dd");
        var report = JsonDocument.Parse(await app.CreateClient(adminKey).GetStringAsync($"/api/v1/admin/usage?from={today}&to={today}")).RootElement;
        var row = report.GetProperty("users").EnumerateArray().Single(u => u.GetProperty("userId").GetString() == id);
        Assert.Equal("leaving@example.test", row.GetProperty("email").GetString());
        Assert.Equal(2, row.GetProperty("requests").GetInt32());
        Assert.True(row.GetProperty("isDeleted").GetBoolean());

        // The e-mail can be given to a new account, which starts with no usage of its own.
        await Assert.ThrowsAsync<UserChangeRefusedException>(() => service.DeleteAsync(id));
        var password = await service.CreateAsync("leaving@example.test", admin: false);
        var again = Assert.Single(await service.ListAsync(), u => u.Email == "leaving@example.test");
        Assert.NotEqual(id, again.Id);
        Assert.False(string.IsNullOrEmpty(password));
    }

    [Fact]
    public async Task AnOpenPageLosesItsSignInAndItsAdminPowersOnceTheAccountChanges()
    {
        await using var app = new BiasAppFactory();
        await app.CreateKeyAsync("keeper@example.test", admin: true);
        var service = Service(app);
        await service.ResetPasswordAsync((await UserAsync(app, "keeper@example.test")).Id); // an admin who can sign in
        var password = await service.CreateAsync("acting@example.test", admin: true);
        var acting = (await UserAsync(app, "acting@example.test")).Id;

        using var scope = app.Services.CreateScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        var principal = await scope.ServiceProvider.GetRequiredService<SignInManager<AppUser>>()
            .CreateUserPrincipalAsync((await users.FindByIdAsync(acting))!);
        var stamp = app.Services.GetRequiredService<Microsoft.Extensions.Options.IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        Assert.True(await BiasApp.Accounts.RevalidatingIdentityStateProvider.IsCurrentAsync(users, principal, stamp));
        await service.EnsureActiveAdminAsync(acting);

        await service.SetAdminAsync(acting, false);
        using var after = app.Services.CreateScope();
        var usersAfter = after.ServiceProvider.GetRequiredService<UserManager<AppUser>>();
        Assert.False(await BiasApp.Accounts.RevalidatingIdentityStateProvider.IsCurrentAsync(usersAfter, principal, stamp));
        var refused = await Assert.ThrowsAsync<UserChangeRefusedException>(() => service.EnsureActiveAdminAsync(acting));
        Assert.Contains("no longer an active admin", refused.Message);
        Assert.NotEmpty(password);
    }

    [Fact]
    public async Task DeletingAUserCancelsTheirQueuedBatches()
    {
        await using var app = new BiasAppFactory();
        await app.CreateKeyAsync("boss2@example.test", admin: true);
        await app.CreateKeyAsync("batcher@example.test");
        var id = (await UserAsync(app, "batcher@example.test")).Id;
        var batch = Guid.NewGuid();
        using (var scope = app.Services.CreateScope())
        {
            var batches = scope.ServiceProvider.GetRequiredService<BiasDbContext>();
            batches.Batches.Add(new BatchJob { Id = batch, OwnerId = id, Name = "left behind", Status = BatchStatus.Queued, RowsTotal = 5, CreatedAt = DateTime.UtcNow });
            await batches.SaveChangesAsync();
        }

        await Service(app).DeleteAsync(id);

        using var check = app.Services.CreateScope();
        var job = await check.ServiceProvider.GetRequiredService<BiasDbContext>().Batches.AsNoTracking().SingleAsync(b => b.Id == batch);
        Assert.Equal(BatchStatus.Cancelled, job.Status);
    }
}
