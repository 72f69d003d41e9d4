namespace BiasApp.Data;

/// <summary>What an accept or reject did (<see cref="FeedbackStore.DecideAsync"/>).</summary>
public enum FeedbackTransition
{
    /// <summary>The pending item was accepted or rejected.</summary>
    Done,

    /// <summary>No item has that id.</summary>
    NotFound,

    /// <summary>The item was already accepted or rejected.</summary>
    NotPending,
}
