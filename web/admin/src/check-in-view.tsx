import type { Texts } from './texts-sv';

/** The check-in desk's entry; the check-in itself (attendance per day) comes with its own view. */
export const CheckInView = ({ texts }: { texts: Texts }) => (
  <>
    <h1>{texts.checkInTitle}</h1>
    <p>{texts.checkInIntro}</p>
  </>
);
