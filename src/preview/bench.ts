export async function benchPreview(_options: { requests: number }): Promise<void> {
  throw new Error('not yet');
}
