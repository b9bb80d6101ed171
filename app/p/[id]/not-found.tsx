export default function PlanNotFound() {
  return (
    <main className="flex h-screen items-center justify-center p-8">
      <div data-testid="plan-not-found" className="max-w-md text-center">
        <h1 className="mb-2 font-semibold text-lg">Plan not found</h1>
        <p className="text-muted text-sm">
          No plan is stored under this link: it never existed, or its creator deleted it.{" "}
          <a href="/" className="underline">
            Paste a plan
          </a>
        </p>
      </div>
    </main>
  );
}
