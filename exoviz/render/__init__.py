"""Drawing: reads the model, never changes it. Pre-rendered sprites and batched blits."""
