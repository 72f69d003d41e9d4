using System.Net;
using AngleSharp.Dom;
using BiasApp.Admin;
using BiasApp.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MudBlazor;

namespace BiasApp.Tests.Admin;

/// <summary>The users page over the real app's database: confirmations before disabling, revoking and deleting, and the last-admin refusal.</summary>
public sealed class UsersPageTests
{
    private sealed record Rendered(BunitContext Context, IRenderedComponent<MudDialogProvider> Dialogs, IRenderedComponent<MudSnackbarProvider> Snackbars, IRenderedComponent<UsersPage> Page)
        : IAsyncDisposable
    {
        public IElement Row(string email) => Page.FindAll("#managed-users tbody tr").Single(r => r.QuerySelector(".user-email")!.TextContent.Trim() == email);

        /// <summary>Waits for the confirmation, checks its text and presses <paramref name="button"/>.</summary>
        public void Answer(string expectedText, string button)
        {
            var dialog = Dialogs.WaitForElement(".mud-dialog");
            Assert.Contains(expectedText, dialog.TextContent);
            dialog.QuerySelectorAll("button").Single(b => b.TextContent.Trim() == button).Click();
            Dialogs.WaitForAssertion(() => Assert.Empty(Dialogs.FindAll(".mud-dialog")));
        }

        public ValueTask DisposeAsync() => Context.DisposeAsync();
    }

    private static Rendered Render(BiasAppFactory app)
    {
        var bunit = new BunitContext();
        bunit.AddMud();
        bunit.Services.AddSingleton(app.Services.GetRequiredService<IServiceScopeFactory>().CreateScope().ServiceProvider.GetRequiredService<UserAdministration>());
        var dialogs = bunit.Render<MudDialogProvider>();
        var snackbars = bunit.Render<MudSnackbarProvider>();
        return new Rendered(bunit, dialogs, snackbars, bunit.Render<UsersPage>());
    }

    private static async Task<AppUser?> FindAsync(BiasAppFactory app, string email)
    {
        await using var db = app.Db();
        return await db.Users.AsNoTracking().SingleOrDefaultAsync(u => u.Email == email);
    }

    [Fact]
    public async Task DisablingRevokingAndDeletingAskFirstAndCancelChangesNothing()
    {
        await using var app = new BiasAppFactory();
        await app.CreateKeyAsync("boss@example.test", admin: true);
        var key = await app.CreateKeyAsync("careful@example.test");
        var client = app.CreateClient(key);
        await using var ui = Render(app);

        ui.Row("careful@example.test").QuerySelector(".toggle-user")!.Click();
        ui.Answer("careful@example.test will be signed out", "Cancel");
        Assert.False((await FindAsync(app, "careful@example.test"))!.IsDisabled);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/usage")).StatusCode);

        ui.Row("careful@example.test").QuerySelector(".toggle-user")!.Click();
        ui.Answer("careful@example.test will be signed out", "Disable");
        ui.Page.WaitForAssertion(() => Assert.Equal("disabled", ui.Row("careful@example.test").QuerySelector(".user-status")!.TextContent.Trim()));
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/usage")).StatusCode);

        // Enabling is not destructive, so it does not ask.
        ui.Row("careful@example.test").QuerySelector(".toggle-user")!.Click();
        ui.Page.WaitForAssertion(() => Assert.StartsWith("active", ui.Row("careful@example.test").QuerySelector(".user-status")!.TextContent.Trim()));
        Assert.Empty(ui.Dialogs.FindAll(".mud-dialog"));

        ui.Row("careful@example.test").QuerySelector(".revoke-keys")!.Click();
        ui.Answer("API key(s) of careful@example.test stop working", "Cancel");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/v1/usage")).StatusCode);

        ui.Row("careful@example.test").QuerySelector(".delete-user")!.Click();
        ui.Answer("Their usage stays in the reports", "Cancel");
        Assert.Null((await FindAsync(app, "careful@example.test"))!.DeletedAt);

        ui.Row("careful@example.test").QuerySelector(".delete-user")!.Click();
        ui.Answer("Their usage stays in the reports", "Delete");
        ui.Page.WaitForAssertion(() => Assert.DoesNotContain("careful@example.test", ui.Page.Find("#managed-users").TextContent));
        Assert.NotNull((await FindAsync(app, "careful@example.test"))!.DeletedAt);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/v1/usage")).StatusCode);
    }

    [Fact]
    public async Task CreatingAUserShowsItsPasswordOnceAndTheLastAdminIsRefusedWithAMessage()
    {
        await using var app = new BiasAppFactory();
        await app.CreateKeyAsync("boss@example.test", admin: true);
        await using var ui = Render(app);

        ui.Page.Find("input#new-user-email, #new-user-email input").Input("colleague@example.test");
        ui.Page.Find("input#new-user-admin, #new-user-admin input").Change(true);
        ui.Page.Find("#create-user-button").Click();

        var password = ui.Page.WaitForElement("#new-password").TextContent.Trim();
        Assert.Contains("colleague@example.test", ui.Page.Find("#new-password-alert").TextContent);
        Assert.Equal("admin", ui.Row("colleague@example.test").QuerySelector(".user-role")!.TextContent.Trim());
        using (var scope = app.Services.CreateScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<Microsoft.AspNetCore.Identity.UserManager<AppUser>>();
            Assert.True(await users.CheckPasswordAsync((await users.FindByEmailAsync("colleague@example.test"))!, password));
        }

        // Demoting the new admin asks; then boss is the only admin left and cannot be disabled.
        ui.Row("colleague@example.test").QuerySelector(".toggle-role")!.Click();
        ui.Answer("will no longer reach the admin pages", "Make analyst");
        ui.Page.WaitForAssertion(() => Assert.Equal("analyst", ui.Row("colleague@example.test").QuerySelector(".user-role")!.TextContent.Trim()));

        // The refusal comes before any confirmation: nothing to confirm that would then be refused.
        ui.Row("boss@example.test").QuerySelector(".toggle-user")!.Click();
        ui.Snackbars.WaitForAssertion(() => Assert.Contains("boss@example.test is the last active admin and cannot be disabled", ui.Snackbars.Markup));
        Assert.Empty(ui.Dialogs.FindAll(".mud-dialog"));
        Assert.StartsWith("active", ui.Row("boss@example.test").QuerySelector(".user-status")!.TextContent.Trim());
        Assert.False((await FindAsync(app, "boss@example.test"))!.IsDisabled);
    }

    [Fact]
    public async Task DeletingTheLastAdminIsRefusedBeforeAnyConfirmation()
    {
        await using var app = new BiasAppFactory();
        await app.CreateKeyAsync("only-admin@example.test", admin: true);
        await using var ui = Render(app);

        ui.Row("only-admin@example.test").QuerySelector(".delete-user")!.Click();

        ui.Snackbars.WaitForAssertion(() => Assert.Contains("only-admin@example.test is the last active admin and cannot be deleted", ui.Snackbars.Markup));
        Assert.Empty(ui.Dialogs.FindAll(".mud-dialog"));
        Assert.Null((await FindAsync(app, "only-admin@example.test"))!.DeletedAt);
    }

    [Fact]
    public async Task AOneTimePasswordHasACopyButton()
    {
        await using var app = new BiasAppFactory();
        await app.CreateKeyAsync("boss@example.test", admin: true);
        await using var ui = Render(app);
        var clipboard = ui.Context.JSInterop.SetupVoid("navigator.clipboard.writeText", _ => true);
        clipboard.SetVoidResult();

        ui.Page.Find("input#new-user-email, #new-user-email input").Input("copied@example.test");
        ui.Page.Find("#create-user-button").Click();
        var password = ui.Page.WaitForElement("#new-password").TextContent.Trim();
        ui.Page.Find("#copy-password").Click();

        Assert.Equal(password, Assert.Single(clipboard.Invocations).Arguments[0]);
        ui.Snackbars.WaitForAssertion(() => Assert.Contains("Copied to the clipboard.", ui.Snackbars.Markup));
    }
}
