import type { Texts } from './texts-sv';

export const SignedOutView = ({
  texts,
  note,
  onSignIn,
}: {
  texts: Texts;
  note?: 'signed-out' | 'failed';
  onSignIn: () => void;
}) => (
  <>
    <h1>{texts.signedOutTitle}</h1>
    {note === 'signed-out' && <p role="status">{texts.signedOutAfter}</p>}
    {note === 'failed' && (
      <p role="alert" class="error">
        {texts.signInFailed}
      </p>
    )}
    <p>{texts.signedOutIntro}</p>
    <p>
      <button type="button" class="primary" onClick={onSignIn}>
        {texts.signIn}
      </button>
    </p>
  </>
);
