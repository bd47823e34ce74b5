namespace DeepRoad.AutoML;

/// <summary>A member of the final model: which trial, its weight, and how it was fitted.</summary>
/// <param name="Trial">Trial number on the leaderboard.</param>
/// <param name="Trainer">Trainer family.</param>
/// <param name="Weight">Normalised weight in the blend (weights sum to 1).</param>
/// <param name="RefitOnAllRows">True when refit on all training rows; false when the trial's fold models are averaged (deadline reached first).</param>
/// <param name="Description">Parameters in text form.</param>
public sealed record ModelMember(int Trial, AutoMLTrainer Trainer, double Weight, bool RefitOnAllRows, string Description);
