import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import type { Me, RuntimeConfig, Session, SignInStrategy } from './auth';

export interface Practice {
  id: string;
  name: string;
  odsCode: string;
  pcn?: string;
  address?: string;
  postcode?: string;
  lat: number;
  lon: number;
  costCentre?: string;
  email?: string;
  /** Document types required for work at this practice, beyond each clinician's own. */
  requirements?: string[];
}

export interface AppContextValue {
  config: RuntimeConfig;
  strategy: SignInStrategy;
  /** Why the last sign-in through Cognito did not complete, to show on the sign-in page. */
  signInError?: string;
  session?: Session;
  me?: Me;
  practices: Practice[];
  practiceName: (id: string) => string;
  reloadPractices: () => void;
  signIn: (session: Session) => void;
  signOut: () => void;
}

export const AppContext = createContext<AppContextValue | undefined>(undefined);

export function useApp(): AppContextValue {
  const value = useContext(AppContext);
  if (!value) throw new Error('useApp outside the app');
  return value;
}

/** Only inside signed-in pages. */
export function useMe(): Me {
  const { me } = useApp();
  if (!me) throw new Error('Not signed in');
  return me;
}
