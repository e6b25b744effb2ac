// A plain form post, so that signing out needs no script: the auth route ends the session and
// answers 303 to the home page, a full load on which every server component sees no session.
export function SignOutButton({ label }: { label: string }) {
  return (
    <form method="post" action="/api/auth/sign-out">
      <button type="submit" className="button-secondary min-h-9 px-3 py-1.5 whitespace-nowrap">
        {label}
      </button>
    </form>
  );
}
