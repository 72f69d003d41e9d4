using MudBlazor;

namespace BiasApp.Components;

/// <summary>A yes/cancel question before an action that cannot be undone with one click (disable, revoke, delete).</summary>
public static class Confirmations
{
    /// <summary>Shows a MudBlazor message box; true only when the user pressed <paramref name="yes"/> (Cancel, Escape or a click outside: false).</summary>
    public static async Task<bool> ConfirmAsync(this IDialogService dialogs, string title, string message, string yes) =>
        await dialogs.ShowMessageBoxAsync(title, message, yesText: yes, cancelText: "Cancel") == true;
}
